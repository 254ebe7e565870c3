using System.Globalization;
using System.Net;
using Senkyo.Web.Accounts;
using Senkyo.Web.Security;

namespace Senkyo.Web.Tests;

/// <summary>
/// The reading monitor behind the real elector pages: a clerk who walks the records in id order is stopped by the
/// page whose open completes the pattern, and from then on searches are refused too.
/// </summary>
public sealed class ElectorsMonitoringTests : IAsyncLifetime
{
    private readonly SenkyoFactory _app = new() { Options = o => o.SignIn.RequestsPerMinutePerAddress = 1000 };

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Opening_records_in_id_order_raises_a_scan_alert_refuses_the_record_and_then_every_search()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await _app.SignInAsync(await _app.CreateStaffAsync("scanner", StaffRole.RegisterClerk));
        HttpResponseMessage? refused = null;
        var shown = 0;
        for (var id = 1; id <= 40 && refused is null; id++)
        {
            var r = await SenkyoFactory.PostFormAsync(client, "/electors/record",
                new() { ["Id"] = id.ToString(CultureInfo.InvariantCulture), ["Purpose"] = "inquiry" }, formPage: "/electors");
            if (r.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = r;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                shown++;
            }
        }

        Assert.NotNull(refused);
        Assert.InRange(shown, 10, 30);
        Assert.Contains(ReadingThrottle.Message, await SenkyoFactory.BodyAsync(refused), StringComparison.Ordinal);

        var search = await client.GetAsync(new Uri("/electors", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, search.StatusCode);

        var events = await _app.Protected.ReadAuditAsync(ct);
        Assert.Contains(events, e => e is { Action: "alert.sequential-scan", Actor: "staff:scanner" });
        Assert.True((await _app.Protected.VerifyAuditAsync([], ct)).IsIntact);
    }
}
