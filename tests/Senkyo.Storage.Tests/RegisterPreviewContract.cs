using Senkyo.Domain.Register;
using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Keys;
using Senkyo.Storage.Import;

namespace Senkyo.Storage.Tests;

/// <summary>
/// 登録の事前確認: a preview runs the registration's own code inside a rolled-back SAVEPOINT, so its counts are the
/// run's counts, nothing of the register changes, and only its <c>register.preview</c> audit event is kept.
/// </summary>
public abstract class RegisterPreviewContract(StoreTarget target, RegisterFiles files) : IDisposable
{
    private static readonly AccessContext Clerk = new("staff:clerk01", "RegisterClerk", "*", "register.run");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(SenkyoStore Store, StoreLocation Location)> ImportedAsync()
    {
        var location = await target.NewLocationAsync(Ct);
        using var key = MasterKey.Generate();
        var store = await SenkyoStore.CreateAsync(location, key, StoreKind.Synthetic, Clerk, null, Ct);
        await store.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, null, Ct);
        return (store, location);
    }

    /// <summary>The register as stored, bypassing the store: any write a preview leaked would change one of these.</summary>
    private static async Task<string> RegisterStateAsync(StoreLocation location)
    {
        var parts = new List<string>();
        foreach (var sql in new[]
        {
            "SELECT count(*) FROM register_history",
            "SELECT count(*) FROM register_run",
            "SELECT count(*) FROM person WHERE status = 1",
            "SELECT count(*) FROM person WHERE status = 2",
            "SELECT count(*) FROM person WHERE status = 3",
            "SELECT COALESCE(SUM(register_no), 0) FROM person",
            "SELECT COALESCE(SUM(eligibility), 0) FROM person",
            "SELECT COALESCE(MAX(updated_at_us), 0) FROM person",
        })
        {
            parts.Add((await RegisterFiles.ScalarAsync<long>(location, sql, Ct)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return string.Join('/', parts);
    }

    private static async Task AssertPreviewMatchesRunAsync(SenkyoStore store, StoreLocation location, RegisterRunRequest request, Func<RegisterRunResult, long> changes)
    {
        var before = await RegisterStateAsync(location);
        var auditBefore = (await store.ReadAuditAsync(Ct)).Count;

        var preview = await store.PreviewRegisterAsync(Clerk, request, Ct);

        Assert.True(changes(preview.Counts) > 0, "the scenario should make the run change something");
        Assert.Equal(0, preview.Counts.Run);
        Assert.Equal(before, await RegisterStateAsync(location));
        var audit = await store.ReadAuditAsync(Ct);
        var added = Assert.Single(audit.Skip(auditBefore));
        Assert.Equal(("register.preview", preview.AuditSeq, Clerk.Actor, Clerk.Purpose), (added.Action, added.Seq, added.Actor, added.Purpose));
        Assert.Equal(preview.Counts.Evaluated, added.ResultCount);
        Assert.Equal(preview.Counts.Evaluated, SubjectSet.Parse(added.Subjects).Count);
        Assert.True((await store.VerifyAuditAsync([], Ct)).IsIntact);

        var run = await store.RunRegisterAsync(Clerk, request, Ct);

        Assert.NotEqual(before, await RegisterStateAsync(location));
        Assert.True(run.Run > 0);
        Assert.Equal((preview.Counts.Kind, preview.Counts.BaseDate, preview.Counts.RegistrationDate, preview.Counts.AgeDate, preview.Counts.Evaluated),
            (run.Kind, run.BaseDate, run.RegistrationDate, run.AgeDate, run.Evaluated));
        Assert.Equal(preview.Counts.Wards, run.Wards);
        var runEvents = (await store.ReadAuditAsync(Ct)).Skip(auditBefore + 1).Select(a => a.Action).ToArray();
        Assert.Equal(["register.read", "register." + request.Kind], runEvents);
        Assert.True((await store.VerifyAuditAsync([], Ct)).IsIntact);
    }

    [Fact]
    public async Task A_periodic_registration_preview_gives_the_runs_counts_per_ward_and_keeps_only_its_audit_event()
    {
        var (store, location) = await ImportedAsync();
        await using var _ = store;
        await AssertPreviewMatchesRunAsync(store, location, new PeriodicRunRequest(new DateOnly(2026, 12, 1), []), r => r.Registered);

        // After the run, the same preview finds nobody left to register.
        var again = await store.PreviewRegisterAsync(Clerk, new PeriodicRunRequest(new DateOnly(2026, 12, 1), []), Ct);
        Assert.Equal(0, again.Counts.Registered);
    }

    [Fact]
    public async Task An_election_registration_preview_gives_the_runs_counts()
    {
        var (store, location) = await ImportedAsync();
        await using var _ = store;
        var election = new ElectionDates(ElectionLevel.Municipal, new DateOnly(2027, 1, 10), new DateOnly(2027, 1, 17));
        await AssertPreviewMatchesRunAsync(store, location, new ElectionRunRequest(election), r => r.Registered);
    }

    [Fact]
    public async Task A_register_maintenance_preview_counts_the_marks_and_deletions_the_run_makes()
    {
        var (store, location) = await ImportedAsync();
        await using var _ = store;
        await store.RegisterPeriodicAsync(Clerk, new DateOnly(2026, 12, 1), [], Ct);
        await store.ImportChangesAsync(Clerk, files.Changes1, files.City, FileEncoding.Auto, Ct);
        // Five months after the period: the 4-month deletions of the move-outs (法28) have come due.
        await AssertPreviewMatchesRunAsync(store, location, new ProcessRunRequest(new DateOnly(2027, 7, 31)), r => r.Deleted);
    }

    [Fact]
    public async Task A_refused_preview_changes_nothing_and_records_nothing()
    {
        var (store, location) = await ImportedAsync();
        await using var _ = store;
        var before = await RegisterStateAsync(location);
        var auditBefore = (await store.ReadAuditAsync(Ct)).Count;

        var e = await Assert.ThrowsAsync<StoreRefusedException>(() => store.PreviewRegisterAsync(Clerk, new PeriodicRunRequest(new DateOnly(2026, 11, 1), []), Ct));

        Assert.Contains("法22①", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await RegisterStateAsync(location));
        Assert.Equal(auditBefore, (await store.ReadAuditAsync(Ct)).Count);
    }

    public void Dispose()
    {
        target.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteRegisterPreviewTests(RegisterFiles files) : RegisterPreviewContract(new SqliteTarget(), files), IClassFixture<RegisterFiles>;

public sealed class PostgresRegisterPreviewTests(PostgresServer server, RegisterFiles files) : RegisterPreviewContract(new PostgresTarget(server), files), IClassFixture<RegisterFiles>;
