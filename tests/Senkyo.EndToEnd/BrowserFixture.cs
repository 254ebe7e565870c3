using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Senkyo.EndToEnd;

/// <summary>
/// The application on Kestrel at a free loopback port with a temporary data folder, and a headless
/// Debian Chromium. Without /usr/bin/chromium the tests skip with the reason; with CI=true they fail.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly StringWriter _console = new();
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "senkyo-e2e-" + Guid.NewGuid().ToString("N"));

    public string BaseUrl { get; private set; } = "";

    public IBrowser? Browser { get; private set; }

    public string? Unavailable { get; private set; }

    public IServiceProvider Services => _app!.Services;

    public string Console => _console.ToString();

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Unavailable = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium fonts-noto-cjk)";
            return;
        }

        _app = Web.SenkyoWebApplication.Build(
            // Several staff sign in from this one address within a minute: the per-address limit has its own in-process test.
            ["--urls", "http://127.0.0.1:0", "--Senkyo:DataPath", DataPath, "--Senkyo:SignIn:RequestsPerMinutePerAddress", "1000"],
            builder =>
            {
                builder.Services.AddSingleton(new Web.BootstrapConsole(_console));
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            });
        await _app.StartAsync();
        BaseUrl = _app.Urls.Single();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>Skips (or, under CI, fails) when the browser is missing.</summary>
    public IBrowser RequireBrowser()
    {
        if (Unavailable is null)
        {
            return Browser!;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(Unavailable + " — required when CI=true");
        }

        Assert.Skip(Unavailable);
        return null!;
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await RequireBrowser().NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await _console.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}
