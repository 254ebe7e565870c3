using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using Senkyo.Web.Accounts;

namespace Senkyo.Web.Tests;

/// <summary>
/// The real application in process (TestServer) with its own temporary data folder, a fake clock
/// and the first-start console captured. Accounts are made through the real AccountService.
/// </summary>
public sealed partial class SenkyoFactory : WebApplicationFactory<Program>
{
    public string DataPath { get; init; } = Path.Combine(Path.GetTempPath(), "senkyo-web-tests-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));

    public StringWriter Console { get; } = new();

    public Action<SenkyoWebOptions>? Options { get; init; }

    /// <summary>More services for one test class (settings of its own, a test-only endpoint).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Synthetic residents of the demo store: a few hundred keep every test class's first start fast.</summary>
    public long DemoResidents { get; init; } = 400;

    /// <summary>Leave the data folder behind on dispose (to start a second app on it).</summary>
    public bool KeepData { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Senkyo:DataPath", DataPath);
        builder.UseSetting("Senkyo:DemoResidents", DemoResidents.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton(new BootstrapConsole(Console));
            if (Options is { } configure)
            {
                services.PostConfigure(configure);
            }

            TestServices?.Invoke(services);
        });
    }

    public AccountService Accounts => Services.GetRequiredService<AccountService>();

    public IAccountStore Store => Services.GetRequiredService<IAccountStore>();

    /// <summary>The protected store the application opened (the demo store in tests).</summary>
    public Storage.SenkyoStore Protected => Services.GetRequiredService<Store.StoreHost>().Store;

    public HttpClient NewClient(bool https = false) => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
    });

    /// <summary>An account of <paramref name="role"/> with its own password set and TOTP enrolled, as after its first sign-in.</summary>
    public async Task<TestStaff> CreateStaffAsync(string userName, StaffRole role, string[]? wards = null, string? place = null)
    {
        var ct = TestContext.Current.CancellationToken;
        _ = Server; // starts the host (and the first-start work) if no client did yet
        var city = Services.GetRequiredService<City.CityStore>();
        wards ??= city.City.Wards.Select(w => w.Code).ToArray();
        if (role == StaffRole.Reception && place is null)
        {
            place = city.Places().First(p => p.WardCode == wards[0] && !p.IsEarlyVoting).Code;
        }

        var (account, _) = await Accounts.CreateAsync(userName, userName + " 職員", new AccountScope(role, wards, place), Actor.System, ct);
        var password = "correct horse " + userName;
        var error = await Accounts.ReplaceOneTimePasswordAsync(account.Id, password, Actor.System, ct);
        Assert.Null(error);
        var secret = await Accounts.PendingSecretAsync(account.Id, ct);
        Assert.Equal(CodeOutcome.Accepted, await Accounts.ConfirmEnrolmentAsync(account.Id, CodeFor(secret), Actor.System, ct));
        Time.Advance(TimeSpan.FromSeconds(30)); // the enrolment code's step is used; the next sign-in needs a new one
        return new TestStaff(account.Id, userName, password, secret);
    }

    public string CodeFor(byte[] secret) => new Totp(secret).ComputeTotp(Time.GetUtcNow().UtcDateTime);

    /// <summary>Signs in through the real pages: password, then code. Returns the client holding the session.</summary>
    public async Task<HttpClient> SignInAsync(TestStaff staff, bool https = false)
    {
        var client = NewClient(https);
        var afterPassword = await PostFormAsync(client, "/signin", new() { ["UserName"] = staff.UserName, ["Password"] = staff.Password });
        Assert.Equal(HttpStatusCode.Redirect, afterPassword.StatusCode);
        Assert.Equal("/signin/code", afterPassword.Headers.Location?.OriginalString);
        var afterCode = await PostFormAsync(client, "/signin/code", new() { ["Code"] = CodeFor(staff.Secret) });
        Assert.Equal(HttpStatusCode.Redirect, afterCode.StatusCode);
        Assert.Equal("/", afterCode.Headers.Location?.OriginalString);
        Time.Advance(TimeSpan.FromSeconds(30));
        return client;
    }

    /// <summary>GETs the page for its antiforgery token, then posts the form with it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields, string? formPage = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await client.GetStringAsync(formPage ?? path, ct);
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, $"no antiforgery token on {formPage ?? path}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields), ct);
    }

    public static async Task<string> BodyAsync(HttpResponseMessage response) =>
        await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Console.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (KeepData)
            {
                return;
            }

            try
            {
                Directory.Delete(DataPath, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }
}

public sealed record TestStaff(long Id, string UserName, string Password, byte[] Secret);
