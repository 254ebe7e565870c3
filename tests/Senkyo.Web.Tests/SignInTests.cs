using System.Net;
using Senkyo.Web.Accounts;

namespace Senkyo.Web.Tests;

/// <summary>The sign-in flow through the real pages: first start, lockout, one-use codes, session lifetimes.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private readonly SenkyoFactory _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_start_prints_a_one_time_password_that_leads_through_password_change_and_enrolment()
    {
        using var client = _app.NewClient();
        var console = _app.Console.ToString();
        var oneTime = System.Text.RegularExpressions.Regex.Match(console, "一時パスワード: (\\S+)").Groups[1].Value;
        Assert.Equal(OneTimePassword.Length, oneTime.Length);

        var r = await SenkyoFactory.PostFormAsync(client, "/signin", new() { ["UserName"] = "admin", ["Password"] = oneTime });
        Assert.Equal("/signin/password", r.Headers.Location?.OriginalString);
        // Until the password is changed, nothing else opens: the session does not exist yet.
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/accounts", Ct)).StatusCode);

        r = await SenkyoFactory.PostFormAsync(client, "/signin/password", new() { ["NewPassword"] = "password1", ["Confirmation"] = "password1" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("よく使われるパスワード", await SenkyoFactory.BodyAsync(r));
        r = await SenkyoFactory.PostFormAsync(client, "/signin/password", new() { ["NewPassword"] = "short", ["Confirmation"] = "short" });
        Assert.Contains("8文字以上", await SenkyoFactory.BodyAsync(r));
        r = await SenkyoFactory.PostFormAsync(client, "/signin/password", new() { ["NewPassword"] = "桜の咲く坂道", ["Confirmation"] = "桜の咲く坂道を" });
        Assert.Contains("一致しません", await SenkyoFactory.BodyAsync(r));
        r = await SenkyoFactory.PostFormAsync(client, "/signin/password", new() { ["NewPassword"] = "桜の咲く坂道を歩く", ["Confirmation"] = "桜の咲く坂道を歩く" });
        Assert.Equal("/signin/enroll", r.Headers.Location?.OriginalString);

        var enrolPage = await client.GetStringAsync("/signin/enroll", Ct);
        Assert.Contains("data:image/png;base64,", enrolPage, StringComparison.Ordinal);
        var typed = System.Text.RegularExpressions.Regex.Match(enrolPage, "data-testid=\"totp-secret\">([A-Z2-7 ]+)<").Groups[1].Value;
        var secret = OtpNet.Base32Encoding.ToBytes(typed.Replace(" ", "", StringComparison.Ordinal));

        r = await SenkyoFactory.PostFormAsync(client, "/signin/enroll", new() { ["Code"] = "000000" == _app.CodeFor(secret) ? "111111" : "000000" });
        Assert.Contains("確認コードが違います", await SenkyoFactory.BodyAsync(r));
        r = await SenkyoFactory.PostFormAsync(client, "/signin/enroll", new() { ["Code"] = _app.CodeFor(secret) });
        Assert.Equal("/", r.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/accounts", Ct)).StatusCode);

        // The one-time password is gone, and a second start prints nothing.
        using var again = _app.NewClient();
        r = await SenkyoFactory.PostFormAsync(again, "/signin", new() { ["UserName"] = "admin", ["Password"] = oneTime });
        Assert.Contains("ユーザー名またはパスワードが違います", await SenkyoFactory.BodyAsync(r));
        Assert.Equal(1, await _app.Store.CountAsync(Ct));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(_app.Console.ToString(), "一時パスワード"));
    }

    [Fact]
    public async Task The_first_start_happens_once_per_data_folder()
    {
        var path = Path.Combine(Path.GetTempPath(), "senkyo-web-tests-" + Guid.NewGuid().ToString("N"));
        await using (var first = new SenkyoFactory { DataPath = path, KeepData = true })
        {
            _ = first.Server;
            Assert.Contains("一時パスワード", first.Console.ToString(), StringComparison.Ordinal);
        }

        await using var second = new SenkyoFactory { DataPath = path };
        _ = second.Server;
        Assert.DoesNotContain("一時パスワード", second.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await second.Store.CountAsync(Ct));
        Assert.True(File.Exists(Path.Combine(path, "city.json")));
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_until_the_lockout_passes()
    {
        var staff = await _app.CreateStaffAsync("clerk", StaffRole.RegisterClerk);
        using var client = _app.NewClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await SenkyoFactory.PostFormAsync(client, "/signin", new() { ["UserName"] = "clerk", ["Password"] = "wrong password " + i });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var locked = await SenkyoFactory.PostFormAsync(client, "/signin", new() { ["UserName"] = "clerk", ["Password"] = staff.Password });
        Assert.Contains("ロックされています", await SenkyoFactory.BodyAsync(locked));

        _app.Time.Advance(TimeSpan.FromMinutes(14));
        locked = await SenkyoFactory.PostFormAsync(client, "/signin", new() { ["UserName"] = "clerk", ["Password"] = staff.Password });
        Assert.Contains("ロックされています", await SenkyoFactory.BodyAsync(locked));

        _app.Time.Advance(TimeSpan.FromMinutes(2));
        using var signedIn = await _app.SignInAsync(staff);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/", Ct)).StatusCode);
        var events = await _app.Store.ListEventsAsync(new AccountEventQuery(null, null, "clerk", "signin.locked-out"), Ct);
        Assert.Single(events);
    }

    [Fact]
    public async Task Wrong_codes_count_towards_the_lockout_too()
    {
        var staff = await _app.CreateStaffAsync("counter", StaffRole.CountingStaff);
        using var client = _app.NewClient();
        await SenkyoFactory.PostFormAsync(client, "/signin", new() { ["UserName"] = "counter", ["Password"] = staff.Password });
        var right = _app.CodeFor(staff.Secret);
        HttpResponseMessage r = null!;
        for (var i = 0; i < 5; i++)
        {
            var wrong = ((int.Parse(right, System.Globalization.CultureInfo.InvariantCulture) + 1 + i) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            r = await SenkyoFactory.PostFormAsync(client, "/signin/code", new() { ["Code"] = wrong }, formPage: "/signin/code");
        }

        Assert.Contains("ロックされました", await SenkyoFactory.BodyAsync(r));
        var account = await _app.Store.FindByIdAsync(staff.Id, Ct);
        Assert.True(account!.IsLockedAt(_app.Time.GetUtcNow()));
    }

    [Fact]
    public async Task A_code_is_accepted_only_once()
    {
        var staff = await _app.CreateStaffAsync("reception", StaffRole.Reception);
        using var first = _app.NewClient();
        await SenkyoFactory.PostFormAsync(first, "/signin", new() { ["UserName"] = "reception", ["Password"] = staff.Password });
        var code = _app.CodeFor(staff.Secret);
        var ok = await SenkyoFactory.PostFormAsync(first, "/signin/code", new() { ["Code"] = code });
        Assert.Equal("/", ok.Headers.Location?.OriginalString);

        // Same code, same 30-second step, from another browser: refused.
        using var second = _app.NewClient();
        await SenkyoFactory.PostFormAsync(second, "/signin", new() { ["UserName"] = "reception", ["Password"] = staff.Password });
        var reused = await SenkyoFactory.PostFormAsync(second, "/signin/code", new() { ["Code"] = code });
        Assert.Contains("使用済み", await SenkyoFactory.BodyAsync(reused));

        // An older step's code (inside the drift window) is refused as well once a later one was used.
        var previous = new OtpNet.Totp(staff.Secret).ComputeTotp(_app.Time.GetUtcNow().UtcDateTime.AddSeconds(-30));
        var older = await SenkyoFactory.PostFormAsync(second, "/signin/code", new() { ["Code"] = previous });
        Assert.Contains("使用済み", await SenkyoFactory.BodyAsync(older));

        _app.Time.Advance(TimeSpan.FromSeconds(30));
        var next = await SenkyoFactory.PostFormAsync(second, "/signin/code", new() { ["Code"] = _app.CodeFor(staff.Secret) });
        Assert.Equal("/", next.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_session_ends_after_30_idle_minutes()
    {
        var staff = await _app.CreateStaffAsync("idle", StaffRole.ElectionClerk);
        using var client = await _app.SignInAsync(staff);
        _app.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Ct)).StatusCode);
        _app.Time.Advance(TimeSpan.FromMinutes(31));
        var after = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/signin", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_active_session_still_ends_12_hours_after_sign_in()
    {
        var staff = await _app.CreateStaffAsync("busy", StaffRole.ElectionClerk);
        using var client = await _app.SignInAsync(staff);
        for (var minutes = 0; minutes < 11 * 60 + 40; minutes += 20)
        {
            _app.Time.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Ct)).StatusCode);
        }

        _app.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/", Ct)).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_sessions_on_other_devices()
    {
        var staff = await _app.CreateStaffAsync("twodevices", StaffRole.RegisterClerk);
        using var desk = await _app.SignInAsync(staff);
        using var laptop = await _app.SignInAsync(staff);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/", Ct)).StatusCode);

        var r = await SenkyoFactory.PostFormAsync(desk, "/account?handler=SignOutEverywhere", [], formPage: "/account");
        Assert.Equal("/signin", r.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await desk.GetAsync("/", Ct)).StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_session_and_refuses_sign_in()
    {
        var admin = await _app.CreateStaffAsync("admin2", StaffRole.SystemAdministrator);
        var staff = await _app.CreateStaffAsync("leaver", StaffRole.RegisterClerk);
        using var adminClient = await _app.SignInAsync(admin);
        using var staffClient = await _app.SignInAsync(staff);

        var r = await SenkyoFactory.PostFormAsync(adminClient, $"/admin/accounts/{staff.Id}?handler=Disable", [], formPage: $"/admin/accounts/{staff.Id}");
        Assert.Contains("利用停止にしました", await SenkyoFactory.BodyAsync(r));
        Assert.Equal(HttpStatusCode.Redirect, (await staffClient.GetAsync("/", Ct)).StatusCode);

        using var retry = _app.NewClient();
        r = await SenkyoFactory.PostFormAsync(retry, "/signin", new() { ["UserName"] = "leaver", ["Password"] = staff.Password });
        Assert.Contains("利用停止中", await SenkyoFactory.BodyAsync(r));
    }

    [Fact]
    public async Task Changing_the_password_requires_the_current_one_and_ends_sessions()
    {
        var staff = await _app.CreateStaffAsync("changer", StaffRole.Auditor);
        using var client = await _app.SignInAsync(staff);
        var r = await SenkyoFactory.PostFormAsync(client, "/account?handler=Password",
            new() { ["CurrentPassword"] = "not it at all", ["NewPassword"] = "a brand new phrase", ["Confirmation"] = "a brand new phrase" }, formPage: "/account");
        Assert.Contains("現在のパスワードが違います", await SenkyoFactory.BodyAsync(r));
        r = await SenkyoFactory.PostFormAsync(client, "/account?handler=Password",
            new() { ["CurrentPassword"] = staff.Password, ["NewPassword"] = "a brand new phrase", ["Confirmation"] = "a brand new phrase" }, formPage: "/account");
        Assert.Equal("/signin", r.Headers.Location?.OriginalString);
        using var again = await _app.SignInAsync(staff with { Password = "a brand new phrase" });
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/", Ct)).StatusCode);
    }
}
