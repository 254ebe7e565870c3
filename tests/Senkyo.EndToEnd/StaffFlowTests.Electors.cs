using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using Senkyo.Domain.Register;
using Senkyo.Storage;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;
using Senkyo.Web.Store;

namespace Senkyo.EndToEnd;

/// <summary>
/// The register screens in a real browser: a 名簿担当 searches by kana typed as hiragana and opens a record with a
/// purpose; an auditor finds that read in the audit trail; a システム管理者 is refused the search. Part of
/// <see cref="StaffFlowTests"/> so it shares the one demo app and browser.
/// </summary>
public sealed partial class StaffFlowTests
{
    [Fact]
    public async Task A_register_clerk_searches_by_kana_and_opens_a_record_with_a_purpose_and_the_auditor_sees_the_read()
    {
        var ct = TestContext.Current.CancellationToken;
        fixture.RequireBrowser();
        var elector = await FindElectorAsync(ct);
        var identity = elector.Person.Identity;
        var clerk = await ReadyAccountAsync("meibo01", StaffRole.RegisterClerk, ct);
        var auditor = await ReadyAccountAsync("kansa02", StaffRole.Auditor, ct);
        var admin = await ReadyAccountAsync("kanri02", StaffRole.SystemAdministrator, ct);

        // 名簿担当: the cursor starts in the kana box; the name is typed as hiragana and sent with Enter.
        var page = await SignInAsync("meibo01", clerk);
        await page.GotoAsync("/electors");
        Assert.Equal("Kana", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.TypeAsync(Hiragana(identity.SurnameKana + "　" + identity.GivenNameKana));
        await page.Keyboard.PressAsync("Enter");
        var results = page.Locator("table.results");
        await Assertions.Expect(results).ToContainTextAsync(identity.Surname);
        Assert.DoesNotContain("Kana", page.Url, StringComparison.Ordinal);
        await Shot(page, "electors-search");

        // ↓ from the search box reaches the rows; the person's row opens with Enter.
        await page.FocusAsync("#Kana");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal("Id", await page.EvaluateAsync<string>("document.activeElement.name"));
        await page.FocusAsync($"button[name=Id][value='{elector.Person.Id}']");
        await page.Keyboard.PressAsync("Enter");

        // The purpose comes first: 窓口照会 with a reception number, then the record.
        await Assertions.Expect(page.Locator("#Purpose")).ToBeFocusedAsync();
        await page.SelectOptionAsync("#Purpose", "inquiry");
        await page.FillAsync("#Reference", "R8-00042");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#identity-heading")).ToContainTextAsync(identity.GivenName);
        await Assertions.Expect(page.Locator("[data-testid=history]")).ToContainTextAsync("登録");
        await Assertions.Expect(page.Locator("[data-testid=verdict]")).ToContainTextAsync("この日は投票できます");
        Assert.EndsWith("/electors/record", page.Url, StringComparison.Ordinal);
        await Shot(page, "elector-record");

        // 監査担当: the read is in the trail with its purpose.
        var audit = await SignInAsync("kansa02", auditor);
        await audit.GotoAsync("/audit/trail");
        Assert.Equal("Person", await audit.EvaluateAsync<string>("document.activeElement.id"));
        await audit.FillAsync("#Action", "elector.read");
        await audit.FocusAsync("#Person");
        await audit.Keyboard.TypeAsync(elector.Person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await audit.Keyboard.PressAsync("Enter");
        var trail = audit.Locator("[data-testid=trail]");
        await Assertions.Expect(trail).ToContainTextAsync("選挙人記録の閲覧");
        await Assertions.Expect(trail).ToContainTextAsync("inquiry:R8-00042");
        await Assertions.Expect(trail).ToContainTextAsync("staff:meibo01");
        await audit.ClickAsync("button:has-text('完全性を検証する')");
        await Assertions.Expect(audit.Locator("[data-testid=verification]")).ToContainTextAsync("改ざんされていません");
        await Shot(audit, "audit-trail");

        // システム管理者: no search screen.
        var refused = await SignInAsync("kanri02", admin);
        var response = await refused.GotoAsync("/electors");
        Assert.Equal(403, response!.Status);
        await Assertions.Expect(refused.Locator("h1")).ToHaveTextAsync("この画面を開く権限がありません");
    }

    /// <summary>A registered elector of the demo store, picked by reading records under a test purpose.</summary>
    private async Task<ElectorRecord> FindElectorAsync(CancellationToken ct)
    {
        var store = fixture.Services.GetRequiredService<StoreHost>().Store;
        var setup = new AccessContext("test:e2e", "test", "*", "test-setup");
        for (long id = 1; ; id++)
        {
            var record = await store.ReadElectorAsync(setup, id, ct);
            if (record.Status == ElectorStatus.Elector)
            {
                return record;
            }
        }
    }

    /// <summary>An account with its password set and its authenticator enrolled (as after its first sign-in); returns the TOTP secret.</summary>
    private async Task<(string Password, byte[] Secret)> ReadyAccountAsync(string userName, StaffRole role, CancellationToken ct)
    {
        var accounts = fixture.Services.GetRequiredService<AccountService>();
        var wards = fixture.Services.GetRequiredService<CityStore>().City.Wards.Select(w => w.Code).ToArray();
        var (account, _) = await accounts.CreateAsync(userName, userName + " 職員", new AccountScope(role, wards, null), Actor.System, ct);
        var password = "nagai aikotoba no " + userName;
        Assert.Null(await accounts.ReplaceOneTimePasswordAsync(account.Id, password, Actor.System, ct));
        var secret = await accounts.PendingSecretAsync(account.Id, ct);
        // Enrol with the previous step's code, so the current step's code is still unused for the sign-in.
        Assert.Equal(CodeOutcome.Accepted, await accounts.ConfirmEnrolmentAsync(account.Id, new Totp(secret).ComputeTotp(DateTime.UtcNow.AddSeconds(-30)), Actor.System, ct));
        return (password, secret);
    }

    private async Task<IPage> SignInAsync(string userName, (string Password, byte[] Secret) account)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#UserName", userName);
        await page.FillAsync("#Password", account.Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin/code$"));
        await page.FillAsync("#Code", new Totp(account.Secret).ComputeTotp(DateTime.UtcNow));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/$"));
        return page;
    }

    private static string Hiragana(string katakana) => new([.. katakana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c)]);
}
