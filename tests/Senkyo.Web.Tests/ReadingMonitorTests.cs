using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Senkyo.Privacy.Audit;
using Senkyo.Storage;
using Senkyo.Web.Accounts;
using Senkyo.Web.Security;

namespace Senkyo.Web.Tests;

/// <summary>The app with its MonitoredApp settings and test endpoint, shared by the tests of a class.</summary>
public sealed class MonitoredAppFixture : IAsyncDisposable
{
    public SenkyoFactory Factory { get; } = MonitoredApp.Create();

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}

/// <summary>
/// The reading monitor in the running app: alerts land in the audit chain, a throttled reader gets the Japanese
/// 429 on ElectorRead endpoints (and only there), the 監査担当 lifts it on /audit/alerts, and the state survives a restart.
/// </summary>
public sealed class ReadingMonitorTests(MonitoredAppFixture fixture) : IClassFixture<MonitoredAppFixture>
{
    private SenkyoFactory App => fixture.Factory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TestStaff Staff, HttpClient Client)> SignedInAsync(string userName, StaffRole role, SenkyoFactory? app = null)
    {
        app ??= App;
        var staff = await app.CreateStaffAsync(userName, role);
        return (staff, await app.SignInAsync(staff));
    }

    private static async Task AssertThrottledAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var body = await SenkyoFactory.BodyAsync(response);
        Assert.Contains("閲覧が一時的に制限されています。監査担当に連絡してください。", body, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    private static async Task<int> CountAsync(SenkyoFactory app, Func<AuditRecord, bool> match) =>
        (await app.Protected.ReadAuditAsync(Ct)).Count(match);

    [Fact]
    public async Task The_ElectorRead_policy_and_only_it_carries_the_throttle()
    {
        var provider = App.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        foreach (var name in Policies.Roles.Keys)
        {
            var policy = (await provider.GetPolicyAsync(name))!;
            Assert.Equal(name == Policies.ElectorRead, policy.Requirements.OfType<NotThrottledRequirement>().Any());
        }
    }

    [Fact]
    public async Task A_sequential_scan_is_alerted_in_the_audit_chain_throttles_ElectorRead_and_an_auditor_lifts_it()
    {
        var (_, clerk) = await SignedInAsync("scan-clerk", StaffRole.RegisterClerk);
        var (_, auditor) = await SignedInAsync("scan-auditor", StaffRole.Auditor);

        for (var id = 101; id < 120; id++)
        {
            var ok = await MonitoredApp.OpenAsync(clerk, id);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // The 20th consecutive open raises the alert: that record is withheld.
        await AssertThrottledAsync(await MonitoredApp.OpenAsync(clerk, 120));
        var alert = Assert.Single(await App.Protected.ReadAuditAsync(Ct), e => e.Actor == "staff:scan-clerk" && e.Action.StartsWith("alert.", StringComparison.Ordinal));
        Assert.Equal("alert.sequential-scan", alert.Action);
        Assert.Equal("reading-monitor:person-ids", alert.Purpose);
        Assert.Equal(AuditOutcome.Denied, alert.Outcome);
        Assert.Equal("RegisterClerk", alert.Role);
        Assert.Equal("101-120", alert.Subjects);
        Assert.Equal(20, alert.ResultCount);

        // Every further ElectorRead request is refused before it reads anything; other pages still open.
        var reads = await CountAsync(App, e => e.Actor == "staff:scan-clerk" && e.Action == "elector.read");
        await AssertThrottledAsync(await MonitoredApp.OpenAsync(clerk, 7));
        await AssertThrottledAsync(await MonitoredApp.OpenAsync(clerk, 300));
        Assert.Equal(reads, await CountAsync(App, e => e.Actor == "staff:scan-clerk" && e.Action == "elector.read"));
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/audit/alerts", Ct)).StatusCode);

        var page = await auditor.GetStringAsync("/audit/alerts", Ct);
        Assert.Contains("scan-clerk", page, StringComparison.Ordinal);
        Assert.Contains("連番での閲覧", page, StringComparison.Ordinal);
        Assert.Contains("名簿担当", page, StringComparison.Ordinal);
        Assert.Contains("20 人", page, StringComparison.Ordinal);
        Assert.Contains("閲覧制限中", page, StringComparison.Ordinal);
        Assert.Contains("scan-clerk の制限を解除</button>", page, StringComparison.Ordinal);
        Assert.Contains(alert.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), page, StringComparison.Ordinal);

        // Lifting needs the antiforgery token.
        var forged = await auditor.PostAsync("/audit/alerts", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "scan-clerk" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await AssertThrottledAsync(await MonitoredApp.OpenAsync(clerk, 7));

        var lifted = await SenkyoFactory.PostFormAsync(auditor, "/audit/alerts", new() { ["UserName"] = "scan-clerk" });
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        var after = await SenkyoFactory.BodyAsync(lifted);
        Assert.Contains("scan-clerk の閲覧制限を解除し", after, StringComparison.Ordinal);
        Assert.DoesNotContain("scan-clerk の制限を解除</button>", after, StringComparison.Ordinal);

        var lift = Assert.Single(await App.Protected.ReadAuditAsync(Ct), e => e.Action == "alert.lifted" && e.Purpose == "lift:staff:scan-clerk");
        Assert.Equal("staff:scan-auditor", lift.Actor);
        Assert.Equal("Auditor", lift.Role);
        Assert.Equal(AuditOutcome.Success, lift.Outcome);
        Assert.True(lift.Seq > alert.Seq);

        Assert.Equal(HttpStatusCode.OK, (await MonitoredApp.OpenAsync(clerk, 7)).StatusCode);
        var verification = await App.Protected.VerifyAuditAsync([], Ct);
        Assert.True(verification.IsIntact, verification.Problem);

        // Nothing left to lift: a second lift changes nothing and records nothing.
        var again = await SenkyoFactory.PostFormAsync(auditor, "/audit/alerts", new() { ["UserName"] = "scan-clerk" });
        Assert.Contains("解除できるアラートや閲覧制限がありません", await SenkyoFactory.BodyAsync(again), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(App, e => e.Action == "alert.lifted" && e.Purpose == "lift:staff:scan-clerk"));
    }

    [Fact]
    public async Task A_reception_over_its_hourly_norm_is_throttled_until_the_throttle_runs_out()
    {
        var (staff, desk) = await SignedInAsync("volume-desk", StaffRole.Reception);
        var (auditorStaff, auditor) = await SignedInAsync("volume-auditor", StaffRole.Auditor);
        var ids = Enumerable.Range(0, 11).Select(i => (long)((i * 37 % 400) + 1)).ToArray(); // steps of 37: no scan

        foreach (var id in ids[..10])
        {
            Assert.Equal(HttpStatusCode.OK, (await MonitoredApp.OpenAsync(desk, id)).StatusCode);
        }

        await AssertThrottledAsync(await MonitoredApp.OpenAsync(desk, ids[10]));
        var alert = Assert.Single(await App.Protected.ReadAuditAsync(Ct), e => e.Actor == "staff:volume-desk" && e.Action.StartsWith("alert.", StringComparison.Ordinal));
        Assert.Equal("alert.reading-volume", alert.Action);
        Assert.Equal("reading-monitor:per-hour", alert.Purpose);
        Assert.Equal(11, alert.ResultCount);
        Assert.Equal(SubjectSet.Of(ids).ToString(), alert.Subjects);

        // The auditor's own reading is refused with 403, not the throttle's 429: the role lacks ElectorRead.
        Assert.Equal(HttpStatusCode.Forbidden, (await MonitoredApp.OpenAsync(auditor, 1)).StatusCode);

        App.Time.Advance(MonitoredApp.Throttle - TimeSpan.FromMinutes(1));
        desk = await App.SignInAsync(staff); // the idle session has ended meanwhile
        await AssertThrottledAsync(await MonitoredApp.OpenAsync(desk, 5));

        App.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await MonitoredApp.OpenAsync(desk, 5)).StatusCode);

        // The alert stays open for the auditor, with its throttle shown as run out.
        auditor = await App.SignInAsync(auditorStaff);
        var page = await auditor.GetStringAsync("/audit/alerts", Ct);
        Assert.Contains("volume-desk", page, StringComparison.Ordinal);
        Assert.Contains("閲覧件数（1時間）", page, StringComparison.Ordinal);
        Assert.Contains("制限は期限切れ", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Birth_date_searches_stepping_through_days_are_alerted_through_the_search_hook()
    {
        var staff = await App.CreateStaffAsync("date-desk", StaffRole.Reception);
        var account = await App.Store.FindByIdAsync(staff.Id, Ct);
        var user = StaffClaims.ForSession(account!, App.Time.GetUtcNow());
        var monitor = App.Services.GetRequiredService<ReadingMonitor>();
        var who = new AccessContext("staff:date-desk", "Reception", string.Join(',', account!.WardCodes), "inquiry");
        var throttled = new List<bool>();
        for (var i = 0; i < 10; i++)
        {
            var query = new VoterQuery(null, null, new DateOnly(1960, 4, 1).AddDays(i));
            var shown = await App.Protected.FindVotersAsync(who, query, Ct);
            throttled.Add(await monitor.ObserveSearchAsync(user, query, shown, Ct));
            App.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal([.. Enumerable.Repeat(false, 9), true], throttled);
        Assert.True(await monitor.IsThrottledAsync(user, Ct));
        var alert = Assert.Single(await App.Protected.ReadAuditAsync(Ct), e => e.Actor == "staff:date-desk" && e.Action.StartsWith("alert.", StringComparison.Ordinal));
        Assert.Equal("alert.sequential-scan", alert.Action);
        Assert.Equal("reading-monitor:birth-dates", alert.Purpose);

        // The same searches with a name are the ordinary check-in fallback: nothing for another reader.
        var other = await App.CreateStaffAsync("name-desk", StaffRole.Reception);
        var otherUser = StaffClaims.ForSession((await App.Store.FindByIdAsync(other.Id, Ct))!, App.Time.GetUtcNow());
        for (var i = 0; i < 10; i++)
        {
            var query = new VoterQuery("ヤマダ　ハナコ", null, new DateOnly(1960, 4, 1).AddDays(i));
            Assert.False(await monitor.ObserveSearchAsync(otherUser, query, [], Ct));
        }
    }

    [Fact]
    public async Task A_register_clerks_normal_day_of_200_random_reads_raises_nothing()
    {
        var (_, clerk) = await SignedInAsync("normal-clerk", StaffRole.RegisterClerk);
        var random = new Random(1128);
        var people = await App.Protected.CountPeopleAsync(Ct);
        for (var i = 0; i < 200; i++)
        {
            var response = await MonitoredApp.OpenAsync(clerk, random.NextInt64(1, people + 1));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            App.Time.Advance(TimeSpan.FromSeconds(144)); // 200 reads over 8 hours
        }

        Assert.Equal(0, await CountAsync(App, e => e.Actor == "staff:normal-clerk" && e.Action.StartsWith("alert.", StringComparison.Ordinal)));
        Assert.Equal(200, await CountAsync(App, e => e.Actor == "staff:normal-clerk" && e.Action == "elector.read" && e.Outcome == AuditOutcome.Success));
        Assert.Equal(HttpStatusCode.OK, (await MonitoredApp.OpenAsync(clerk, 1)).StatusCode);
    }

    [Fact]
    public async Task A_throttle_and_its_alert_survive_a_restart_through_the_audit_trail()
    {
        TestStaff clerkStaff, auditorStaff;
        string dataPath;
        await using (var first = MonitoredApp.Create(keepData: true))
        {
            dataPath = first.DataPath;
            HttpClient clerk;
            (clerkStaff, clerk) = await SignedInAsync("restart-clerk", StaffRole.RegisterClerk, first);
            auditorStaff = await first.CreateStaffAsync("restart-auditor", StaffRole.Auditor);
            for (var id = 201; id < 220; id++)
            {
                Assert.Equal(HttpStatusCode.OK, (await MonitoredApp.OpenAsync(clerk, id)).StatusCode);
            }

            await AssertThrottledAsync(await MonitoredApp.OpenAsync(clerk, 220));
        }

        await using var second = MonitoredApp.Create(dataPath);
        second.Time.Advance(TimeSpan.FromMinutes(30)); // past the sign-in codes the first run used
        var clerkAgain = await second.SignInAsync(clerkStaff);
        await AssertThrottledAsync(await MonitoredApp.OpenAsync(clerkAgain, 5));

        var auditor = await second.SignInAsync(auditorStaff);
        var page = await auditor.GetStringAsync("/audit/alerts", Ct);
        Assert.Contains("restart-clerk", page, StringComparison.Ordinal);
        Assert.Contains("連番での閲覧", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SenkyoFactory.PostFormAsync(auditor, "/audit/alerts", new() { ["UserName"] = "restart-clerk" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MonitoredApp.OpenAsync(clerkAgain, 5)).StatusCode);
        Assert.True((await second.Protected.VerifyAuditAsync([], Ct)).IsIntact);
    }
}
