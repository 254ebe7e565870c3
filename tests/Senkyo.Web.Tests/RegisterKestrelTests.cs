using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;

namespace Senkyo.Web.Tests;

/// <summary>
/// The upload on real Kestrel (TestServer has no request body limit): the global 1 MB limit still holds for every
/// other request, and 名簿の取込 raises it for its own request only, so a file of several MB is accepted.
/// </summary>
public sealed class RegisterKestrelTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "senkyo-web-kestrel-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
    private readonly RegisterUploads _files = new();
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WebApplication App => _app!;

    public async ValueTask InitializeAsync()
    {
        _app = SenkyoWebApplication.Build(
            ["--urls", "http://127.0.0.1:0", "--Senkyo:DataPath", _data, "--Senkyo:DemoResidents", "0"],
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(_time);
                builder.Services.AddSingleton(new BootstrapConsole(TextWriter.Null));
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            });
        await _app.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(Ct);
            await _app.DisposeAsync();
        }

        _files.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>A 名簿担当 of every ward signed in through the real pages (password, then TOTP code).</summary>
    private async Task<HttpClient> ClerkAsync()
    {
        var accounts = App.Services.GetRequiredService<AccountService>();
        var wards = App.Services.GetRequiredService<CityStore>().City.Wards.Select(w => w.Code).ToArray();
        var (account, _) = await accounts.CreateAsync("clerk-kestrel", "名簿 職員", new AccountScope(StaffRole.RegisterClerk, wards, null), Actor.System, Ct);
        const string password = "correct horse kestrel clerk";
        Assert.Null(await accounts.ReplaceOneTimePasswordAsync(account.Id, password, Actor.System, Ct));
        var secret = await accounts.PendingSecretAsync(account.Id, Ct);
        Assert.Equal(CodeOutcome.Accepted, await accounts.ConfirmEnrolmentAsync(account.Id, Code(secret), Actor.System, Ct));
        _time.Advance(TimeSpan.FromSeconds(30));

        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(App.Urls.Single()),
        };
        Assert.Equal(HttpStatusCode.Redirect, (await SenkyoFactory.PostFormAsync(client, "/signin", new() { ["UserName"] = "clerk-kestrel", ["Password"] = password })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SenkyoFactory.PostFormAsync(client, "/signin/code", new() { ["Code"] = Code(secret) })).StatusCode);
        return client;
    }

    private string Code(byte[] secret) => new Totp(secret).ComputeTotp(_time.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task A_file_above_the_global_body_limit_is_streamed_in_while_other_requests_keep_the_limit()
    {
        using var client = await ClerkAsync();
        var city = App.Services.GetRequiredService<CityStore>().City;
        var path = await _files.ResidentFileAsync(city, 8000, 41);
        Assert.True(new FileInfo(path).Length > 1024 * 1024);

        var response = await RegisterUploads.UploadFileAsync(client, "residents", path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("取り込んだ住民 8,000 人", RegisterUploads.Text(await SenkyoFactory.BodyAsync(response)), StringComparison.Ordinal);
        Assert.Equal(8000, await App.Services.GetRequiredService<Store.StoreHost>().Store.CountPeopleAsync(Ct));
        Assert.Empty(Directory.GetFiles(App.Services.GetRequiredService<Pages.Register.UploadFolder>().Path));

        // Any other form keeps the 1 MB limit. Expect: 100-continue lets the server refuse on the declared length
        // before the body is sent; otherwise a loaded machine may close the connection while the client still writes.
        var token = await RegisterUploads.TokenAsync(client, "/register/run");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/register/run")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Kind"] = "periodic",
                ["BaseDate"] = new string('1', 1500 * 1024),
            }),
        };
        request.Headers.ExpectContinue = true;
        var big = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
    }
}
