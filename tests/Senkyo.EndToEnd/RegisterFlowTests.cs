using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Residents;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;

namespace Senkyo.EndToEnd;

/// <summary>名簿担当 in a real browser: a file with an error uploaded and listed by line, then a 定時登録 confirmed and run.</summary>
public sealed class RegisterFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_register_clerk_sees_upload_errors_by_line_then_previews_and_runs_a_periodic_registration()
    {
        var ct = TestContext.Current.CancellationToken;
        fixture.RequireBrowser();
        var accounts = fixture.Services.GetRequiredService<AccountService>();
        var city = fixture.Services.GetRequiredService<CityStore>().City;
        var (_, oneTime) = await accounts.CreateAsync("meibo01", "名簿 太郎",
            new AccountScope(StaffRole.RegisterClerk, city.Wards.Select(w => w.Code).ToArray(), null), Actor.System, ct);

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#UserName", "meibo01");
        await page.FillAsync("#Password", oneTime);
        await page.ClickAsync("main button[type=submit]");
        await StaffFlowTests.SetPasswordAndEnrol(page, "meibo01", "meibo no touroku wa teineini", shotEnrol: false);

        // A synthetic resident file whose line 7 carries a mistyped 住民票コード.
        var dir = Directory.CreateTempSubdirectory("senkyo-e2e-register-").FullName;
        try
        {
            var file = Path.Combine(dir, "jumin-20261128.csv");
            var generator = new ResidentGenerator(city, SyntheticCatalog.Default, 5, new DateOnly(2026, 11, 28));
            await using (var s = File.Create(file))
            {
                await ResidentFileWriter.WriteAsync(generator, 40, 5, s, OutputEncoding.Parse("utf-8"), cancellationToken: ct);
            }

            var lines = await File.ReadAllLinesAsync(file, ct);
            var id = lines[6].Split(',')[0];
            lines[6] = string.Concat(id.AsSpan(0, 10), ((id[10] - '0' + 1) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture), lines[6].AsSpan(11));
            await File.WriteAllTextAsync(file, string.Join('\n', lines) + "\n", ct);

            await page.GotoAsync("/register/import");
            Assert.Equal("Kind", await page.EvaluateAsync<string>("document.activeElement.name"));
            await page.SetInputFilesAsync("#File", file);
            await page.ClickAsync("#import-submit");
            await Assertions.Expect(page.Locator("#import-errors")).ToContainTextAsync("7行目");
            await Assertions.Expect(page.Locator("#import-errors")).ToContainTextAsync("チェックデジットが合いません");
            await StaffFlowTests.Shot(page, "register-import-errors");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        await page.GotoAsync("/register/run");
        await page.ClickAsync("#run-preview-button");
        await Assertions.Expect(page.Locator("#run-preview")).ToContainTextAsync("確認：定時登録");
        var previewed = await page.Locator("#preview-counts [data-total=registered]").InnerTextAsync();
        await page.EvaluateAsync("document.getElementById('preview-title').scrollIntoView()");
        await StaffFlowTests.Shot(page, "register-preview");

        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync(); // the 実行 form asks for confirmation (data-confirm)
        await page.ClickAsync("#run-commit");
        await Assertions.Expect(page.Locator("#run-result")).ToContainTextAsync("定時登録を実行しました");
        await Assertions.Expect(page.Locator("#run-matches")).ToBeVisibleAsync();
        Assert.Equal(previewed, await page.Locator("#result-counts [data-total=registered]").InnerTextAsync());
    }
}
