using Microsoft.Extensions.Time.Testing;
using Senkyo.Domain.Register;
using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Keys;
using Senkyo.Storage.Import;

namespace Senkyo.Storage.Tests;

/// <summary>
/// Reading one elector's record (ReadElectorAsync: audit event with the purpose, ward-scope refusal audited, history in
/// order) and querying the audit trail through a filter (QueryAuditAsync), on every engine.
/// </summary>
public abstract class ElectorReadContract(StoreTarget target, RegisterFiles files) : IDisposable
{
    private static readonly AccessContext Clerk = new("staff:clerk01", "RegisterClerk", "*", "setup");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<SenkyoStore> ImportedAsync()
    {
        var location = await target.NewLocationAsync(Ct);
        using var key = MasterKey.Generate();
        var store = await SenkyoStore.CreateAsync(location, key, StoreKind.Synthetic, Clerk, new StoreOptions { Time = _time }, Ct);
        await store.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, null, Ct);
        return store;
    }

    [Fact]
    public async Task Reading_an_elector_is_an_elector_read_event_with_the_purpose_and_returns_the_history_in_order()
    {
        await using var store = await ImportedAsync();
        var registrationDay = new DateOnly(2026, 12, 1);
        await store.RegisterPeriodicAsync(Clerk, registrationDay, [], Ct);
        await store.ImportChangesAsync(Clerk, files.Changes1, files.City, FileEncoding.Auto, Ct);
        var registered = files.Rows.Where(r => RegistrationEligibility.Evaluate(SenkyoStore.HistoryFromFile(r.BirthDate, r.Nationality == "JPN", r.ResidentSince), registrationDay).Eligible)
            .Select(r => r.ResidentId).ToHashSet(StringComparer.Ordinal);
        var eventsOf = files.Events1.ToLookup(e => e.Resident.ResidentId, StringComparer.Ordinal);
        // A registered elector whose only change in the file is a move out of the city.
        var moveOut = files.Events1.First(e => e.Kind == "move_out" && registered.Contains(e.Resident.ResidentId) && eventsOf[e.Resident.ResidentId].Count() == 1);
        var id = (await store.FindIdByResidentIdAsync(Clerk, moveOut.Resident.ResidentId, Ct))!.Value;
        var before = (await store.ReadAuditAsync(Ct)).Count;

        var reader = new AccessContext("staff:meibo", "RegisterClerk", "*", "inquiry:R8-00123");
        var record = await store.ReadElectorAsync(reader, id, Ct);

        Assert.Equal((moveOut.Resident.Surname, moveOut.Resident.GivenNameKana, moveOut.Resident.BirthDate),
            (record.Person.Identity.Surname, record.Person.Identity.GivenNameKana, record.Person.Identity.BirthDate));
        Assert.Equal(ElectorStatus.Marked, record.Status);
        Assert.NotNull(record.RegisterNumber);
        Assert.Equal(registrationDay, record.Entry!.RegisteredOn);
        Assert.Equal(["register", "move_out", "mark"], record.History.Select(h => h.Change));
        // The move-out day itself still counts as resident: the 表示 takes effect the day after (法27①).
        Assert.Equal((registrationDay, moveOut.EventDate, moveOut.EventDate.AddDays(1)), (record.History[0].On, record.History[1].On, record.History[2].On));
        Assert.Contains(record.History[0].Reason, new int?[] { (int)RegistrationReason.CameOfAge, (int)RegistrationReason.ThreeMonthsAfterMoveIn });
        Assert.Equal((int)MarkReason.MovedOut, record.History[2].Reason);
        Assert.StartsWith("run:", record.History[0].Source, StringComparison.Ordinal);
        Assert.StartsWith("file:", record.History[1].Source, StringComparison.Ordinal);

        var audit = await store.ReadAuditAsync(Ct);
        var read = Assert.Single(audit.Skip(before));
        Assert.Equal(("elector.read", "staff:meibo", "inquiry:R8-00123", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditOutcome.Success, (long?)1),
            (read.Action, read.Actor, read.Purpose, read.Subjects, read.Outcome, read.ResultCount));

        // The record answers with the domain's rules: a national election within 4 months of the move, yes; a municipal one, no (法9②).
        var polling = moveOut.EventDate.AddDays(30);
        Assert.True(record.VotingOn(new ElectionDates(ElectionLevel.National, polling.AddDays(-12), polling), polling).CanVote);
        var municipal = record.VotingOn(new ElectionDates(ElectionLevel.Municipal, polling.AddDays(-7), polling), polling);
        Assert.False(municipal.CanVote);
        Assert.Contains("法9②", municipal.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_the_ward_scope_a_read_is_refused_and_the_refusal_is_audited()
    {
        await using var store = await ImportedAsync();
        var resident = files.Rows[0];
        var id = (await store.FindIdByResidentIdAsync(Clerk, resident.ResidentId, Ct))!.Value;
        var otherWard = files.City.Wards.First(w => w.Code != resident.WardCode).Code;
        var outsider = new AccessContext("staff:ku", "RegisterClerk", otherWard, "inquiry");

        var e = await Assert.ThrowsAsync<StoreRefusedException>(() => store.ReadElectorAsync(outsider, id, Ct));
        Assert.DoesNotContain(resident.Surname, e.Message, StringComparison.Ordinal);
        var refusal = (await store.ReadAuditAsync(Ct))[^1];
        Assert.Equal(("elector.read", "staff:ku", otherWard, AuditOutcome.Denied, (long?)0), (refusal.Action, refusal.Actor, refusal.WardScope, refusal.Outcome, refusal.ResultCount));
        Assert.True(SubjectSet.Parse(refusal.Subjects).Contains(id));

        await Assert.ThrowsAsync<StoreRefusedException>(() => store.ReadElectorAsync(outsider, 999_999_999, Ct));
        var failed = (await store.ReadAuditAsync(Ct))[^1];
        Assert.Equal(("elector.read", AuditOutcome.Failed), (failed.Action, failed.Outcome));

        // A scope listing the person's ward among others reads the record.
        var record = await store.ReadElectorAsync(outsider with { WardScope = otherWard + "," + resident.WardCode }, id, Ct);
        Assert.Equal(resident.GivenName, record.Person.Identity.GivenName);
        Assert.True((await store.VerifyAuditAsync([], Ct)).IsIntact);
    }

    [Fact]
    public async Task The_audit_trail_is_queried_by_person_actor_action_and_time_newest_first_a_page_at_a_time()
    {
        await using var store = await ImportedAsync();
        var ids = new List<long>();
        foreach (var r in files.Rows.Take(2))
        {
            ids.Add((await store.FindIdByResidentIdAsync(Clerk, r.ResidentId, Ct))!.Value);
        }

        var (a, b) = (ids[0], ids[1]);
        _time.Advance(TimeSpan.FromHours(1));
        var start = _time.GetUtcNow();
        var one = new AccessContext("staff:one", "RegisterClerk", "*", "inquiry");
        var two = new AccessContext("staff:two", "ElectionClerk", "*", "election-work");
        await store.ReadElectorAsync(one, a, Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        await store.ReadElectorAsync(one, b, Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        await store.ReadElectorAsync(two, a, Ct);
        var auditor = new AccessContext("staff:kansa", "Auditor", "*", "audit-review");

        var aboutA = await store.QueryAuditAsync(auditor, new AuditQuery(Subject: a), Ct);
        Assert.Equal(aboutA.Records.Select(r => r.Seq).OrderDescending(), aboutA.Records.Select(r => r.Seq));
        Assert.All(aboutA.Records, r => Assert.True(SubjectSet.Parse(r.Subjects).Contains(a)));
        Assert.Equal(["staff:two", "staff:one"], aboutA.Records.Where(r => r.Action == "elector.read").Select(r => r.Actor));
        Assert.Contains(aboutA.Records, r => r.Action == "person.import"); // a range of ids names this person too
        Assert.Null(aboutA.NextBeforeSeq);
        var recorded = (await store.ReadAuditAsync(Ct))[^1];
        Assert.Equal(("audit.query", "staff:kansa", a.ToString(System.Globalization.CultureInfo.InvariantCulture), (long?)aboutA.Records.Count),
            (recorded.Action, recorded.Actor, recorded.Subjects, recorded.ResultCount));

        var byTwo = await store.QueryAuditAsync(auditor, new AuditQuery(Actor: "staff:two"), Ct);
        Assert.Equal([("elector.read", a)], byTwo.Records.Select(r => (r.Action, SubjectSet.Parse(r.Subjects).Ranges[0].First)));

        var firstPage = await store.QueryAuditAsync(auditor, new AuditQuery(Action: "elector.read", Limit: 2), Ct);
        Assert.Equal(["staff:two", "staff:one"], firstPage.Records.Select(r => r.Actor));
        Assert.Equal(firstPage.Records[^1].Seq, firstPage.NextBeforeSeq);
        var secondPage = await store.QueryAuditAsync(auditor, new AuditQuery(Action: "elector.read", BeforeSeq: firstPage.NextBeforeSeq, Limit: 2), Ct);
        Assert.Equal([("staff:one", a)], secondPage.Records.Select(r => (r.Actor, SubjectSet.Parse(r.Subjects).Ranges[0].First)));

        var inWindow = await store.QueryAuditAsync(auditor, new AuditQuery(From: start, Until: start.AddMinutes(1).AddSeconds(30)), Ct);
        Assert.Equal([b, a], inWindow.Records.Select(r => SubjectSet.Parse(r.Subjects).Ranges[0].First));
        var beforeStart = await store.QueryAuditAsync(auditor, new AuditQuery(Until: start), Ct);
        Assert.DoesNotContain(beforeStart.Records, r => r.Action == "elector.read");
        Assert.Contains(beforeStart.Records, r => r.Action == "store.init");

        Assert.True((await store.VerifyAuditAsync([], Ct)).IsIntact);
    }

    public void Dispose()
    {
        target.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteElectorReadTests(RegisterFiles files) : ElectorReadContract(new SqliteTarget(), files), IClassFixture<RegisterFiles>;

public sealed class PostgresElectorReadTests(PostgresServer server, RegisterFiles files) : ElectorReadContract(new PostgresTarget(server), files), IClassFixture<RegisterFiles>;
