using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;

namespace Senkyo.EndToEnd;

/// <summary>
/// Staff sign-in and the first screens in a real browser. Screenshots go to a folder under the temp directory, so a
/// test run changes no tracked file; <c>SENKYO_SCREENSHOTS=docs/screenshots</c> refreshes the ones in the repository.
/// </summary>
public sealed partial class StaffFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string Screenshots = Environment.GetEnvironmentVariable("SENKYO_SCREENSHOTS") is { Length: > 0 } dir
        ? Path.GetFullPath(dir, RepositoryRoot())
        : Path.Combine(Path.GetTempPath(), "senkyo-screenshots");

    [Fact]
    public async Task The_administrator_signs_in_with_password_and_TOTP_and_creates_a_reception_account_that_is_refused_admin_pages()
    {
        var page = await fixture.NewPageAsync();
        var oneTime = OneTimePasswordPattern().Match(fixture.Console).Groups[1].Value;
        Assert.NotEmpty(oneTime);

        await page.GotoAsync("/");
        Assert.EndsWith("/signin?returnUrl=%2F", page.Url, StringComparison.Ordinal);
        // Keyboard first: the cursor starts in the first field, and the form is sent with Enter.
        Assert.Equal("UserName", await page.EvaluateAsync<string>("document.activeElement.id"));
        await Shot(page, "signin");
        await page.Keyboard.TypeAsync("admin");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(oneTime);
        await page.Keyboard.PressAsync("Enter");

        var secret = await SetPasswordAndEnrol(page, "admin", "sakura no saku sakamichi", shotEnrol: true);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("ホーム");
        await Assertions.Expect(page.Locator(".demo-banner")).ToContainTextAsync("デモ");
        await Shot(page, "home");
        Assert.NotEmpty(secret);

        await page.GotoAsync("/admin/accounts/new");
        var city = fixture.Services.GetRequiredService<CityStore>();
        var ward = city.City.Wards[0];
        var place = city.Places().First(p => p.WardCode == ward.Code && !p.IsEarlyVoting);
        await page.FillAsync("#UserName", "uketsuke01");
        await page.FillAsync("#DisplayName", "受付 一郎");
        await page.SelectOptionAsync("#Scope_Role", "Reception");
        await page.CheckAsync($"input[name='Scope.Wards'][value='{ward.Code}']");
        await page.SelectOptionAsync("#Scope_PlaceCode", place.Code);
        await page.ClickAsync("main button[type=submit]:has-text('作成する')");
        var receptionPassword = (await page.Locator("[data-testid=one-time-password]").InnerTextAsync()).Trim();
        Assert.Equal(OneTimePassword.Length, receptionPassword.Length);

        await page.GotoAsync("/admin/accounts");
        await Assertions.Expect(page.Locator("table.grid")).ToContainTextAsync("uketsuke01");
        await Shot(page, "admin-accounts");
        await page.GotoAsync("/city");
        await Shot(page, "city");

        // The reception clerk, in another browser profile, signs in for the first time…
        var reception = await fixture.NewPageAsync();
        await reception.GotoAsync("/signin");
        await reception.FillAsync("#UserName", "uketsuke01");
        await reception.FillAsync("#Password", receptionPassword);
        await reception.ClickAsync("main button[type=submit]");
        await SetPasswordAndEnrol(reception, "uketsuke01", "minato no toudai no hikari", shotEnrol: false);
        await Assertions.Expect(reception.Locator("main")).ToContainTextAsync(place.Name);

        // …and is refused the account administration, in Japanese.
        var refused = await reception.GotoAsync("/admin/accounts");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(reception.Locator("h1")).ToHaveTextAsync("この画面を開く権限がありません");
        await Shot(reception, "forbidden");
    }

    [Fact]
    public async Task An_auditor_sees_the_sign_in_record()
    {
        var accounts = fixture.Services.GetRequiredService<AccountService>();
        var city = fixture.Services.GetRequiredService<CityStore>();
        var (_, oneTime) = await accounts.CreateAsync("kansa01", "監査 花子",
            new AccountScope(StaffRole.Auditor, city.City.Wards.Select(w => w.Code).ToArray(), null), Actor.System, TestContext.Current.CancellationToken);

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#UserName", "kansa01");
        await page.FillAsync("#Password", "wrong password");
        await page.ClickAsync("main button[type=submit]");
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("ユーザー名またはパスワードが違います");
        await page.FillAsync("#Password", oneTime);
        await page.ClickAsync("main button[type=submit]");
        await SetPasswordAndEnrol(page, "kansa01", "kansa no tame no nagai kotoba", shotEnrol: false);

        await page.GotoAsync("/audit/signins");
        await Assertions.Expect(page.Locator("table.grid")).ToContainTextAsync("パスワード誤り");
        await Assertions.Expect(page.Locator("table.grid")).ToContainTextAsync("認証アプリ登録");
        await Shot(page, "audit-signins");
    }

    internal static async Task<byte[]> SetPasswordAndEnrol(IPage page, string userName, string password, bool shotEnrol)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin/password$"));
        await page.FillAsync("#NewPassword", password);
        await page.FillAsync("#Confirmation", password);
        await page.ClickAsync("main button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin/enroll$"));
        if (shotEnrol)
        {
            await Shot(page, "enroll-totp");
        }

        var typed = await page.Locator("[data-testid=totp-secret]").InnerTextAsync();
        var secret = Base32Encoding.ToBytes(typed.Replace(" ", "", StringComparison.Ordinal));
        Assert.True(await page.Locator("img.qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), $"QR code for {userName} did not render");
        await page.FillAsync("#Code", new Totp(secret).ComputeTotp(DateTime.UtcNow));
        await page.ClickAsync("main button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/$"));
        return secret;
    }

    internal static async Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = false });
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Senkyo.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Senkyo.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("一時パスワード: (\\S+)")]
    private static partial Regex OneTimePasswordPattern();
}
