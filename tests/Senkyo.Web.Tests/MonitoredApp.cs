using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Senkyo.Storage;
using Senkyo.Web.Security;
using Senkyo.Web.Store;

namespace Senkyo.Web.Tests;

/// <summary>
/// The app with the reading monitor's settings of these tests and one test-only ElectorRead endpoint standing in for
/// the record page (being written elsewhere): POST <see cref="OpenPath"/> with a form field "id" reads that elector
/// through the store and reports the read to the monitor, exactly as the record page is to do.
/// </summary>
internal static class MonitoredApp
{
    public const string OpenPath = "/test/elector-open";

    /// <summary>Throttles last two hours here, so a test can let one run out; 受付 is limited to 10 people an hour.</summary>
    public static readonly TimeSpan Throttle = TimeSpan.FromHours(2);

    public static SenkyoFactory Create(string? dataPath = null, bool keepData = false)
    {
        Action<SenkyoWebOptions> options = o => o.SignIn.RequestsPerMinutePerAddress = 1000;
        return dataPath is null
            ? new SenkyoFactory { Options = options, TestServices = AddServices, KeepData = keepData }
            : new SenkyoFactory { Options = options, TestServices = AddServices, KeepData = keepData, DataPath = dataPath };
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddTransient<IStartupFilter, TestEndpointFilter>();
        services.PostConfigure<MonitoringOptions>(o =>
        {
            o.ThrottleDuration = Throttle;
            o.Roles.Reception.RecordsPerHour = 10;
            o.Roles.Reception.RecordsPerDay = 100;
        });
    }

    public static Task<HttpResponseMessage> OpenAsync(HttpClient client, long id) =>
        client.PostAsync(OpenPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = id.ToString(CultureInfo.InvariantCulture) }),
            TestContext.Current.CancellationToken);

    /// <summary>
    /// Sets the endpoint before routing runs (routing keeps an endpoint already chosen), so authentication, the
    /// ElectorRead policy, the error pages and every other middleware of the real pipeline apply to it.
    /// </summary>
    private sealed class TestEndpointFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var builder = new RouteEndpointBuilder(OpenElectorAsync, RoutePatternFactory.Parse(OpenPath), 0) { DisplayName = "test: open an elector" };
            builder.Metadata.Add(new AuthorizeAttribute(Policies.ElectorRead));
            builder.Metadata.Add(new HttpMethodMetadata(["POST"]));
            var endpoint = builder.Build();
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Path == OpenPath && HttpMethods.IsPost(context.Request.Method))
                {
                    context.SetEndpoint(endpoint);
                }

                return nextMiddleware(context);
            });
            next(app);
        };

        private static async Task OpenElectorAsync(HttpContext http)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var id = long.Parse(form["id"].ToString(), CultureInfo.InvariantCulture);
            var user = http.User;
            var who = new AccessContext("staff:" + user.Identity!.Name, StaffClaims.RoleOf(user)!.Value.ToString(), string.Join(',', StaffClaims.WardsOf(user)), "inquiry");
            var record = await http.RequestServices.GetRequiredService<StoreHost>().Store.ReadElectorAsync(who, id, http.RequestAborted);
            if (await http.RequestServices.GetRequiredService<ReadingMonitor>().ObserveOpenAsync(user, id, http.RequestAborted))
            {
                http.Response.StatusCode = ReadingThrottle.Refuse(http).StatusCode;
                return;
            }

            await http.Response.WriteAsync("opened " + record.Person.Id.ToString(CultureInfo.InvariantCulture), http.RequestAborted);
        }
    }
}
