using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Senkyo.Web.Accounts;
using Senkyo.Web.Api;
using Senkyo.Web.City;
using Senkyo.Web.Security;
using Senkyo.Web.Store;

namespace Senkyo.Web;

/// <summary>Builds the staff web application; Program.cs and the browser tests both start it from here.</summary>
public static class SenkyoWebApplication
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    private const string DemoResidentsKey = $"{SenkyoWebOptions.Section}:{nameof(SenkyoWebOptions.DemoResidents)}";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application name finds the compiled pages even when another assembly (a test) is the entry point.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SenkyoWebApplication).Assembly.GetName().Name,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
            && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // `dotnet run --project src/Senkyo.Web -- --demo-residents 830000` builds the whole demo city.
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--demo-residents"] = DemoResidentsKey,
        });
        configure?.Invoke(builder);
        CheckDemoResidents(builder.Configuration[DemoResidentsKey]);
        AddServices(builder);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    /// <summary>
    /// A demo size that is not a whole number is refused here, naming the setting, before the configuration binder
    /// meets it (whose error is a conversion exception without the option's command-line name).
    /// </summary>
    private static void CheckDemoResidents(string? text)
    {
        if (text is not null && !long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw new OptionsValidationException(nameof(SenkyoWebOptions.DemoResidents), typeof(SenkyoWebOptions),
                [$"{DemoResidentsKey} (--demo-residents) must be a whole number, 0 or more, not '{text}'."]);
        }
    }

    private static void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<SenkyoWebOptions>(builder.Configuration.GetSection(SenkyoWebOptions.Section));

        // Try: a host (a test) may have registered its own clock or console in configure.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new BootstrapConsole(Console.Out));
        services.AddSingleton<IAccountStore>(sp => new SqliteAccountStore(sp.GetRequiredService<IOptions<SenkyoWebOptions>>().Value.AccountsDatabasePath));
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton(_ => new PasswordPolicy()); // the embedded list; DI would pick the list constructor with no strings
        services.AddSingleton<TotpAuthenticator>();
        services.AddSingleton<CityStore>();
        services.AddSingleton<StoreHost>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<SessionValidator>();
        services.AddSingleton<Pages.Register.RegisterRuns>();
        services.AddSingleton<Pages.Register.UploadFolder>();
        services.AddHostedService<StartupInitializer>();

        // Every setting below is read through IOptions when the host is built, so configuration
        // from any source (and test overrides) applies.
        // Keys for cookies, antiforgery and the TOTP secrets stay in the data folder, so sessions
        // survive a restart. A deployment protects that folder (docs/deployment.md).
        services.AddDataProtection().SetApplicationName("Senkyo");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<SenkyoWebOptions>, ILoggerFactory>((o, s, logs) =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(s.Value.KeysPath), logs));

        services.AddAuthentication(AuthSchemes.Staff)
            .AddCookie(AuthSchemes.Staff, o =>
            {
                o.Cookie.Name = "senkyo.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.LoginPath = "/signin";
                o.Events = CookieEvents(sessionOrPending: true);
            })
            .AddCookie(AuthSchemes.Pending, o =>
            {
                o.Cookie.Name = "senkyo.signin";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = false;
                o.LoginPath = "/signin";
                o.Events = CookieEvents(sessionOrPending: false);
            });
        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Staff).Configure<IOptions<SenkyoWebOptions>>((o, s) =>
            o.ExpireTimeSpan = s.Value.Session.IdleTimeout);
        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Pending).Configure<IOptions<SenkyoWebOptions>>((o, s) =>
            o.ExpireTimeSpan = s.Value.Session.PendingSignInTimeout);
        services.AddAuthorization(Policies.Add);
        services.AddReadingMonitor(builder.Configuration);

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "senkyo.af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "X-CSRF-TOKEN";
        });
        services.AddOptions<FormOptions>().Configure<IOptions<SenkyoWebOptions>>((o, s) =>
        {
            var limits = s.Value.Limits;
            // Limits apply to the escaped text: one character can take up to 9 bytes (%E3%81%82).
            o.ValueLengthLimit = limits.MaxFieldLength * 9;
            o.ValueCountLimit = limits.MaxFormFields;
            o.KeyLengthLimit = 256;
            o.MultipartBodyLengthLimit = limits.MaxRequestBodyBytes;
            o.BufferBodyLengthLimit = limits.MaxRequestBodyBytes;
        });
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<SenkyoWebOptions>>((k, s) =>
        {
            k.Limits.MaxRequestBodySize = s.Value.Limits.MaxRequestBodyBytes;
            k.AddServerHeader = false;
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SenkyoWebOptions>>((o, s) => RateLimits.Add(o, s.Value));
        services.AddRazorPages();
        // Japanese text stays readable in the HTML source instead of &#x…; escapes.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
    }

    private static CookieAuthenticationEvents CookieEvents(bool sessionOrPending) => new()
    {
        OnValidatePrincipal = context =>
        {
            var validator = context.HttpContext.RequestServices.GetRequiredService<SessionValidator>();
            return sessionOrPending ? validator.ValidateSessionAsync(context) : validator.ValidatePendingAsync(context);
        },
        OnRedirectToLogin = context =>
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }
            else
            {
                // Only the path travels in the return address: paths carry no personal data by design.
                var returnUrl = context.Request.Path + context.Request.QueryString;
                context.Response.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
            }

            return Task.CompletedTask;
        },
        OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        },
    };

    private static void Configure(WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // The exception is logged by the middleware; the page shows none of it.
            ExceptionHandler = ErrorPages.WriteAsync,
            StatusCodeSelector = e => e switch
            {
                Microsoft.AspNetCore.Http.BadHttpRequestException bad => bad.StatusCode,
                Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseMiddleware<SecurityHeaders>();
        app.UseStatusCodePages(context => ErrorPages.WriteAsync(context.HttpContext));
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(SenkyoWebApplication).Assembly, "Senkyo.Web.Assets"),
            RequestPath = "/assets",
        });
        app.UseMiddleware<InputGuard>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapRazorPages();
        StaffApi.Map(app);
    }
}
