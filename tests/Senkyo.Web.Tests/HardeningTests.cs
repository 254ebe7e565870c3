using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Senkyo.Web.Accounts;

namespace Senkyo.Web.Tests;

/// <summary>Security headers, cookies, Japanese error pages, bad input and rate limiting.</summary>
public sealed partial class HardeningTests : IAsyncLifetime
{
    private readonly SenkyoFactory _app = new() { Options = o => o.SignIn.RequestsPerMinutePerAddress = 1000 };

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_page_carries_a_nonce_CSP_and_the_protective_headers()
    {
        using var client = _app.NewClient();
        var response = await client.GetAsync("/signin", Ct);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = NoncePattern().Match(csp).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        var html = await SenkyoFactory.BodyAsync(response);
        var scripts = ScriptPattern().Matches(html);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains($"nonce=\"{nonce}\"", s.Value, StringComparison.Ordinal));
        Assert.DoesNotContain("style=\"", html, StringComparison.Ordinal);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));

        var second = await client.GetAsync("/signin", Ct);
        Assert.NotEqual(csp, second.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-store", (await client.GetAsync("/assets/site.css", Ct)).Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Over_https_the_app_sends_HSTS_and_secure_cookies()
    {
        var staff = await _app.CreateStaffAsync("secure", StaffRole.ElectionClerk);
        using var client = _app.NewClient(https: true);
        var page = await client.GetAsync("/signin", Ct);
        Assert.StartsWith("max-age=", page.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        var token = Regex.Match(await SenkyoFactory.BodyAsync(page), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = staff.UserName,
            ["Password"] = staff.Password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }), Ct);
        var cookies = signIn.Headers.GetValues("Set-Cookie").ToArray();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c =>
        {
            Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", c, StringComparison.OrdinalIgnoreCase);
        });
        var code = await SenkyoFactory.PostFormAsync(client, "/signin/code", new() { ["Code"] = _app.CodeFor(staff.Secret) });
        var session = code.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("senkyo.session=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", session, StringComparison.OrdinalIgnoreCase); // a browser-session cookie
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_is_refused_in_Japanese_and_changes_nothing()
    {
        var admin = await _app.CreateStaffAsync("admin-af", StaffRole.SystemAdministrator);
        using var client = await _app.SignInAsync(admin);
        var before = await _app.Store.CountAsync(Ct);
        var response = await client.PostAsync("/admin/accounts/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "intruder",
            ["DisplayName"] = "x",
            ["Scope.Role"] = "SystemAdministrator",
        }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("入力内容を受け付けられませんでした", await SenkyoFactory.BodyAsync(response));
        Assert.Equal(before, await _app.Store.CountAsync(Ct));
    }

    [Fact]
    public async Task An_oversized_field_is_refused_with_the_field_named_and_nothing_created()
    {
        var admin = await _app.CreateStaffAsync("admin-big", StaffRole.SystemAdministrator);
        using var client = await _app.SignInAsync(admin);
        var before = await _app.Store.CountAsync(Ct);
        var response = await SenkyoFactory.PostFormAsync(client, "/admin/accounts/new", new()
        {
            ["UserName"] = "someone",
            ["DisplayName"] = new string('x', 5000),
            ["Scope.Role"] = "ElectionClerk",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await SenkyoFactory.BodyAsync(response);
        Assert.Contains("DisplayName", body, StringComparison.Ordinal);
        Assert.Contains("長すぎます", body, StringComparison.Ordinal);
        Assert.DoesNotContain("xxxx", body, StringComparison.Ordinal);

        // Longer still (in escaped bytes) and the form reader itself refuses it.
        response = await SenkyoFactory.PostFormAsync(client, "/admin/accounts/new", new()
        {
            ["UserName"] = "someone",
            ["DisplayName"] = new string('あ', 5000),
            ["Scope.Role"] = "ElectionClerk",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("長すぎます", await SenkyoFactory.BodyAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, await _app.Store.CountAsync(Ct));
    }

    [Fact]
    public async Task Invalid_UTF8_is_refused_in_Japanese()
    {
        using var client = _app.NewClient();
        var page = await SenkyoFactory.BodyAsync(await client.GetAsync("/signin", Ct));
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var bytes = Encoding.ASCII.GetBytes($"__RequestVerificationToken={Uri.EscapeDataString(WebUtility.HtmlDecode(token))}&Password=abcdefgh&UserName=")
            .Concat(new byte[] { 0xFF, 0xFE, 0x61 }).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var raw = await client.PostAsync("/signin", content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, raw.StatusCode);
        Assert.Contains("文字コードが正しくありません", await SenkyoFactory.BodyAsync(raw));

        var encoded = new StringContent($"__RequestVerificationToken={Uri.EscapeDataString(WebUtility.HtmlDecode(token))}&Password=abcdefgh&UserName=%FF%FEa",
            Encoding.ASCII, "application/x-www-form-urlencoded");
        var percent = await client.PostAsync("/signin", encoded, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, percent.StatusCode);
        Assert.Contains("文字コードが正しくありません", await SenkyoFactory.BodyAsync(percent));

        var query = await client.GetAsync("/signin?returnUrl=%C3%28", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, query.StatusCode);
    }

    [Fact]
    public async Task A_huge_body_is_refused_before_it_is_read()
    {
        using var client = _app.NewClient();
        var content = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var response = await client.PostAsync("/signin", content, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("送信できるのは", await SenkyoFactory.BodyAsync(response));
    }

    [Fact]
    public async Task Too_many_form_fields_are_refused()
    {
        using var client = _app.NewClient();
        var fields = Enumerable.Range(0, 500).Select(i => new KeyValuePair<string, string>("f" + i, "x"));
        var response = await client.PostAsync("/signin", new FormUrlEncodedContent(fields), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("入力項目が多すぎるか", await SenkyoFactory.BodyAsync(response));
    }

    [Fact]
    public async Task Sign_in_is_rate_limited_per_address()
    {
        await using var strict = new SenkyoFactory { Options = o => o.SignIn.RequestsPerMinutePerAddress = 3 };
        using var client = strict.NewClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin", Ct)).StatusCode);
        }

        var limited = await client.GetAsync("/signin", Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("操作が多すぎます", await SenkyoFactory.BodyAsync(limited));
    }

    [Fact]
    public async Task Errors_show_no_request_data()
    {
        var staff = await _app.CreateStaffAsync("lookup", StaffRole.RegisterClerk);
        using var client = await _app.SignInAsync(staff);
        var response = await client.GetAsync("/admin/accounts?name=ヤマダタロウ", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await SenkyoFactory.BodyAsync(response);
        Assert.Contains("<html lang=\"ja\">", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ヤマダ", body, StringComparison.Ordinal);
    }

    [GeneratedRegex("script-src 'nonce-([^']+)'")]
    private static partial Regex NoncePattern();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptPattern();
}
