using Microsoft.Extensions.DependencyInjection;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;

namespace Senkyo.Web.Tests;

/// <summary>Account administration, ward scope, the city screen and the sign-in record, through the pages.</summary>
public sealed class ScreensTests : IAsyncLifetime
{
    private readonly SenkyoFactory _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CityStore City => _app.Services.GetRequiredService<CityStore>();

    [Fact]
    public async Task An_administrator_creates_a_reception_account_whose_one_time_password_works_once()
    {
        var admin = await _app.CreateStaffAsync("chief", StaffRole.SystemAdministrator);
        using var client = await _app.SignInAsync(admin);
        var ward = City.City.Wards[1];
        var place = City.Places().First(p => p.WardCode == ward.Code && !p.IsEarlyVoting);

        var r = await SenkyoFactory.PostFormAsync(client, "/admin/accounts/new", new()
        {
            ["UserName"] = "uketsuke01",
            ["DisplayName"] = "受付 一郎",
            ["Scope.Role"] = "Reception",
            ["Scope.Wards"] = ward.Code,
            ["Scope.PlaceCode"] = "",
        });
        Assert.Contains("担当の投票所または期日前投票所を1つ選んでください", await SenkyoFactory.BodyAsync(r));

        r = await SenkyoFactory.PostFormAsync(client, "/admin/accounts/new", new()
        {
            ["UserName"] = "uketsuke01",
            ["DisplayName"] = "受付 一郎",
            ["Scope.Role"] = "Reception",
            ["Scope.Wards"] = ward.Code,
            ["Scope.PlaceCode"] = place.Code,
        });
        var body = await SenkyoFactory.BodyAsync(r);
        var oneTime = System.Text.RegularExpressions.Regex.Match(body, "data-testid=\"one-time-password\"[^>]*>([^<]+)<").Groups[1].Value;
        Assert.Equal(OneTimePassword.Length, oneTime.Length);

        var created = await _app.Store.FindByUserNameAsync("uketsuke01", Ct);
        Assert.NotNull(created);
        Assert.Equal(StaffRole.Reception, created.Role);
        Assert.Equal([ward.Code], created.WardCodes);
        Assert.Equal(place.Code, created.PlaceCode);
        Assert.True(created.MustChangePassword);

        var list = await client.GetStringAsync("/admin/accounts", Ct);
        Assert.Contains("uketsuke01", list, StringComparison.Ordinal);
        Assert.Contains("初回設定待ち", list, StringComparison.Ordinal);
        Assert.DoesNotContain(oneTime, list, StringComparison.Ordinal);

        using var newcomer = _app.NewClient();
        r = await SenkyoFactory.PostFormAsync(newcomer, "/signin", new() { ["UserName"] = "uketsuke01", ["Password"] = oneTime });
        Assert.Equal("/signin/password", r.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_administrator_grants_only_wards_of_their_own_scope()
    {
        var wards = City.City.Wards;
        var admin = await _app.CreateStaffAsync("wardadmin", StaffRole.SystemAdministrator, [wards[0].Code]);
        using var client = await _app.SignInAsync(admin);
        var r = await SenkyoFactory.PostFormAsync(client, "/admin/accounts/new", new()
        {
            ["UserName"] = "outsider",
            ["DisplayName"] = "区外 職員",
            ["Scope.Role"] = "ElectionClerk",
            ["Scope.Wards"] = wards[2].Code,
        });
        Assert.Contains("担当外", await SenkyoFactory.BodyAsync(r));
        Assert.Null(await _app.Store.FindByUserNameAsync("outsider", Ct));
    }

    [Fact]
    public async Task Reset_issues_a_new_one_time_password_and_requires_a_new_enrolment()
    {
        var admin = await _app.CreateStaffAsync("resetter", StaffRole.SystemAdministrator);
        var staff = await _app.CreateStaffAsync("forgetful", StaffRole.RegisterClerk);
        using var client = await _app.SignInAsync(admin);
        var r = await SenkyoFactory.PostFormAsync(client, $"/admin/accounts/{staff.Id}?handler=Reset", [], formPage: $"/admin/accounts/{staff.Id}");
        var body = await SenkyoFactory.BodyAsync(r);
        var oneTime = System.Text.RegularExpressions.Regex.Match(body, "data-testid=\"one-time-password\"[^>]*>([^<]+)<").Groups[1].Value;
        Assert.Equal(OneTimePassword.Length, oneTime.Length);
        var account = await _app.Store.FindByIdAsync(staff.Id, Ct);
        Assert.True(account!.MustChangePassword);
        Assert.False(account.TotpEnrolled);

        // An administrator cannot reset or disable their own account from this screen.
        r = await SenkyoFactory.PostFormAsync(client, $"/admin/accounts/{admin.Id}?handler=Disable", [], formPage: $"/admin/accounts/{admin.Id}");
        Assert.Contains("自分自身のアカウント", await SenkyoFactory.BodyAsync(r));
        Assert.False((await _app.Store.FindByIdAsync(admin.Id, Ct))!.Disabled);
    }

    [Fact]
    public async Task The_city_screen_lists_only_the_wards_in_scope_and_marks_the_assigned_place()
    {
        var wards = City.City.Wards;
        var staff = await _app.CreateStaffAsync("ward0", StaffRole.Reception, [wards[0].Code]);
        using var client = await _app.SignInAsync(staff);
        var html = await client.GetStringAsync("/city", Ct);
        Assert.Contains(wards[0].Name, html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"ward-{wards[1].Code}\"", html, StringComparison.Ordinal);
        Assert.Contains("（あなたの担当）", html, StringComparison.Ordinal);
        var json = await client.GetStringAsync("/api/wards", Ct);
        Assert.Contains(wards[0].Code, json, StringComparison.Ordinal);
        Assert.DoesNotContain(wards[1].Code, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_is_labelled_demo_and_shows_dates_in_wareki()
    {
        var staff = await _app.CreateStaffAsync("viewer", StaffRole.ElectionClerk);
        using var client = await _app.SignInAsync(staff);
        var html = await client.GetStringAsync("/", Ct);
        Assert.Contains("デモ", html, StringComparison.Ordinal);
        Assert.Contains("令和8年11月28日 (2026)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_auditor_sees_sign_in_events_filtered_by_a_wareki_date()
    {
        var auditor = await _app.CreateStaffAsync("kansa", StaffRole.Auditor);
        var clerk = await _app.CreateStaffAsync("meibo", StaffRole.RegisterClerk);
        using (var wrong = _app.NewClient())
        {
            await SenkyoFactory.PostFormAsync(wrong, "/signin", new() { ["UserName"] = "meibo", ["Password"] = "not the password" });
        }

        using var client = await _app.SignInAsync(auditor);
        var r = await SenkyoFactory.PostFormAsync(client, "/audit/signins", new() { ["From"] = "令和8年11月28日", ["To"] = "R8.11.28", ["Actor"] = "meibo" });
        var html = await SenkyoFactory.BodyAsync(r);
        Assert.Contains("パスワード誤り", html, StringComparison.Ordinal);
        Assert.Contains("令和8年11月28日 (2026)", html, StringComparison.Ordinal);

        r = await SenkyoFactory.PostFormAsync(client, "/audit/signins", new() { ["From"] = "令和8年11月27日", ["To"] = "2026-11-27", ["Actor"] = "meibo" });
        Assert.DoesNotContain("パスワード誤り</td>", await SenkyoFactory.BodyAsync(r), StringComparison.Ordinal);

        r = await SenkyoFactory.PostFormAsync(client, "/audit/signins", new() { ["From"] = "平成31年5月1日" });
        Assert.Contains("開始日", await SenkyoFactory.BodyAsync(r), StringComparison.Ordinal);
        _ = clerk;
    }
}
