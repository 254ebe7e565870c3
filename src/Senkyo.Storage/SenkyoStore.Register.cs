using System.Data.Common;
using System.Globalization;
using Senkyo.Domain.Register;
using Senkyo.Privacy.Audit;
using Senkyo.Storage.Engines;
using Senkyo.Storage.Register;

namespace Senkyo.Storage;

/// <summary>What a registration or maintenance run did, per ward.</summary>
public sealed record RegisterRunResult(long Run, string Kind, DateOnly BaseDate, DateOnly RegistrationDate, DateOnly AgeDate, long Evaluated, IReadOnlyList<WardCount> Wards)
{
    public long Registered => Wards.Sum(w => w.Registered);

    public long Marked => Wards.Sum(w => w.Marked);

    public long Deleted => Wards.Sum(w => w.Deleted);
}

/// <summary>Counts of one ward in a run.</summary>
public sealed record WardCount(string WardCode, long Registered, long Marked, long Deleted);

/// <summary>
/// 選挙人名簿の登録 and 名簿の整理 over the store. Who qualifies is decided by Senkyo.Domain.Register alone
/// (<see cref="PeriodicRegistration"/> 法22①②, <see cref="ElectionRegistration"/> 法22③,
/// <see cref="RegisterMaintenance"/> 法27①・法28); this class only reads the facts, decrypting birth date, nationality
/// and 住定日 under an audited bulk read, and writes the outcome with a history row per change.
/// Register numbers (名簿番号) are per 投票区 and never reused: a run numbers its new entries after the district's
/// highest number, ordered by 町丁目 code, then 世帯 (household number), then birth date, then resident number.
/// </summary>
public sealed partial class SenkyoStore
{
    /// <summary>定時登録 (法22①②) as of <paramref name="baseDate"/>, the 1st of March, June, September or December.</summary>
    public Task<RegisterRunResult> RegisterPeriodicAsync(AccessContext who, DateOnly baseDate, IEnumerable<ElectionDates> elections, CancellationToken cancellationToken) =>
        WriteAsync(PeriodicRun(who, baseDate, elections, cancellationToken), cancellationToken);

    private Func<DbConnection, DbTransaction, Task<RegisterRunResult>> PeriodicRun(AccessContext who, DateOnly baseDate, IEnumerable<ElectionDates> elections, CancellationToken cancellationToken)
    {
        if (baseDate.Day != 1 || !PeriodicRegistration.IsRegistrationMonth(baseDate.Month))
        {
            throw new StoreRefusedException($"{baseDate:yyyy-MM-dd}: 定時登録 is as of the 1st of March, June, September or December (法22①).");
        }

        var schedule = PeriodicRegistration.Schedule(baseDate.Year, baseDate.Month, elections);
        return RegisterRun(who, "periodic", schedule.BaseDate, schedule.RegistrationDate, schedule.AgeReferenceDate, h => PeriodicRegistration.Evaluate(h, schedule), cancellationToken);
    }

    /// <summary>選挙時登録 (法22③): as of the day before the announcement, age judged on polling day.</summary>
    public Task<RegisterRunResult> RegisterForElectionAsync(AccessContext who, ElectionDates election, CancellationToken cancellationToken) =>
        WriteAsync(ElectionRun(who, election, cancellationToken), cancellationToken);

    private Func<DbConnection, DbTransaction, Task<RegisterRunResult>> ElectionRun(AccessContext who, ElectionDates election, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(election);
        var baseDate = ElectionRegistration.BaseDate(election);
        return RegisterRun(who, "election", baseDate, baseDate, election.PollingDay, h => ElectionRegistration.Evaluate(h, election), cancellationToken);
    }

    private Func<DbConnection, DbTransaction, Task<RegisterRunResult>> RegisterRun(AccessContext who, string kind, DateOnly baseDate, DateOnly registrationDate, DateOnly ageDate, Func<PersonHistory, RegistrationDecision> evaluate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        return async (c, tx) =>
        {
            var now = NowMicros();
            var run = await StartRunAsync(c, tx, kind, baseDate, registrationDate, ageDate, now, cancellationToken);
            var source = "run:" + run.ToString(CultureInfo.InvariantCulture);
            var wards = new Dictionary<string, long>(StringComparer.Ordinal);
            var evaluated = new SubjectSetBuilder();
            var registered = new SubjectSetBuilder();
            var codes = new Dictionary<string, string>(StringComparer.Ordinal);
            await using var writer = RegisterWriter.Open(_engine, c, tx, new RegisterRunWrite(registrationDate, baseDate, source, now));
            foreach (var district in await DistrictsAsync(c, tx, cancellationToken))
            {
                var (entries, refusals) = await DecideDistrictAsync(c, tx, district, evaluate, evaluated, codes, cancellationToken);
                var next = await c.ScalarAsync<int>(tx, "SELECT COALESCE(MAX(register_no), 0) + 1 FROM person WHERE district = @d", cancellationToken, ("@d", district));
                entries.Sort();
                foreach (var e in entries)
                {
                    await writer.RegisterAsync(e.Id, next++, e.Reason, district, cancellationToken);
                    wards[e.WardCode] = wards.GetValueOrDefault(e.WardCode) + 1;
                    registered.Add(e.Id);
                }

                refusals.Sort();
                foreach (var (id, refusal) in refusals)
                {
                    await writer.RefuseAsync(id, refusal, cancellationToken);
                }

                // Nothing of a district stays pending past it: later reads and the run's end see every write.
                await writer.FlushAsync(cancellationToken);
            }

            await AppendAuditAsync(c, tx, who, "register.read", evaluated.ToSubjectSet(), AuditOutcome.Success, evaluated.Count, cancellationToken);
            await AppendAuditAsync(c, tx, who, "register." + kind, registered.ToSubjectSet(), AuditOutcome.Success, registered.Count, cancellationToken);
            await FinishRunAsync(c, tx, run, registered.Count, 0, 0, cancellationToken);
            return new RegisterRunResult(run, kind, baseDate, registrationDate, ageDate, evaluated.Count,
                [.. wards.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => new WardCount(w.Key, w.Value, 0, 0))]);
        };
    }

    /// <summary>How many candidates are decrypted at once: the ciphertexts and plaintexts of one batch only are held.</summary>
    private const int DecryptBatch = 4_096;

    /// <summary>
    /// A new elector of one district as its numbering needs it: the 名簿番号 order (町丁目, 世帯, birth date, resident
    /// number), then the id, so that equal keys are numbered in id order whatever order the rows were read in (as a
    /// stable sort of rows read by id numbered them).
    /// </summary>
    private readonly record struct NewEntry(string TownCode, string HouseholdId, DateOnly BirthDate, string ResidentId, long Id, string WardCode, int Reason) : IComparable<NewEntry>
    {
        public int CompareTo(NewEntry other)
        {
            var c = string.CompareOrdinal(TownCode, other.TownCode);
            c = c != 0 ? c : string.CompareOrdinal(HouseholdId, other.HouseholdId);
            c = c != 0 ? c : BirthDate.CompareTo(other.BirthDate);
            c = c != 0 ? c : string.CompareOrdinal(ResidentId, other.ResidentId);
            return c != 0 ? c : Id.CompareTo(other.Id);
        }
    }

    /// <summary>One candidate's decision and, for one who qualifies, the plaintext its number depends on.</summary>
    private readonly record struct Decided(RegistrationDecision Decision, string TownCode, string HouseholdId, DateOnly BirthDate, string ResidentId);

    /// <summary>
    /// Reads and judges the unregistered living residents of <paramref name="district"/> in batches of
    /// <see cref="DecryptBatch"/>, keeping of each only what the writes need: the new electors with their order key,
    /// the refused whose 被登録資格 code changes. Every candidate read goes into <paramref name="evaluated"/>.
    /// </summary>
    private async Task<(List<NewEntry> Entries, List<(long Id, int Refusal)> Refusals)> DecideDistrictAsync(DbConnection c, DbTransaction tx, string district, Func<PersonHistory, RegistrationDecision> evaluate,
        SubjectSetBuilder evaluated, Dictionary<string, string> codes, CancellationToken ct)
    {
        var entries = new List<NewEntry>();
        var refusals = new List<(long, int)>();
        var batch = new List<RegisterState>(DecryptBatch);
        var decided = new Decided[DecryptBatch];
        // No ORDER BY: nothing below depends on the order rows come in (the sort key ends with the id).
        await using var cmd = c.Command(tx, $"SELECT {RegisterState.Columns} FROM person WHERE district = @d AND status = 0 AND died_on IS NULL").With("@d", district);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var more = true;
        while (more)
        {
            batch.Clear();
            while (batch.Count < DecryptBatch && (more = await r.ReadAsync(ct)))
            {
                batch.Add(RegisterState.Read(r));
            }

            Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = ct }, i =>
            {
                var s = batch[i];
                var p = DecryptIdentity(s);
                decided[i] = new Decided(evaluate(s.History(p.Identity.BirthDate, p.Identity.Nationality == "JPN", p.ResidentSince)), p.Identity.TownCode, p.HouseholdId, p.Identity.BirthDate, p.ResidentId);
            });
            for (var i = 0; i < batch.Count; i++)
            {
                var s = batch[i];
                var d = decided[i];
                evaluated.Add(s.Id);
                if (d.Decision.Eligible)
                {
                    entries.Add(new NewEntry(Shared(codes, d.TownCode), d.HouseholdId, d.BirthDate, d.ResidentId, s.Id, Shared(codes, s.WardCode), (int)d.Decision.Reason!.Value));
                }
                else if ((int)d.Decision.Refusal != s.Eligibility)
                {
                    refusals.Add((s.Id, (int)d.Decision.Refusal));
                }

                decided[i] = default;
            }
        }

        return (entries, refusals);
    }

    /// <summary>One string instance per ward or town code for the whole run, not one per elector.</summary>
    private static string Shared(Dictionary<string, string> codes, string code)
    {
        if (codes.TryGetValue(code, out var shared))
        {
            return shared;
        }

        codes.Add(code, code);
        return code;
    }

    /// <summary>名簿の整理 as of <paramref name="asOf"/>: the 表示 and 抹消 that have come due (法27①, 法28), e.g. 4 months after a move-out.</summary>
    public Task<RegisterRunResult> ProcessRegisterAsync(AccessContext who, DateOnly asOf, CancellationToken cancellationToken) =>
        WriteAsync(ProcessRun(who, asOf, cancellationToken), cancellationToken);

    private Func<DbConnection, DbTransaction, Task<RegisterRunResult>> ProcessRun(AccessContext who, DateOnly asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        return async (c, tx) =>
        {
            var now = NowMicros();
            var run = await StartRunAsync(c, tx, "process", asOf, asOf, asOf, now, cancellationToken);
            var source = "run:" + run.ToString(CultureInfo.InvariantCulture);
            // Only a fact recorded after registration can make an entry owe something: a move-out, a death, a lost
            // nationality. Read a page at a time in id order: an entry's writes touch only its own row, never one of a later page.
            const string due = "status IN (1, 2, 4) AND (moved_out_on IS NOT NULL OR died_on IS NOT NULL OR nationality_lost_on IS NOT NULL)";
            var counts = new Dictionary<string, (long Marked, long Deleted)>(StringComparer.Ordinal);
            var read = new SubjectSetBuilder();
            var changed = new SubjectSetBuilder();
            await using var history = new Prepared(c, tx, HistorySql);
            await using var update = new Prepared(c, tx, RegisterState.UpdateSql);
            var after = long.MinValue;
            List<RegisterState> states;
            do
            {
                states = await ReadStatesAsync(c, tx, due + " AND id > @after", [("@after", after)], cancellationToken, DecryptBatch);
                foreach (var s in states)
                {
                    read.Add(s.Id);
                    var p = DecryptIdentity(s);
                    var facts = s.History(p.Identity.BirthDate, p.Identity.Nationality == "JPN", p.ResidentSince);
                    var entry = s.Entry()!;
                    var any = false;
                    for (var i = 0; i < 3 && RegisterMaintenance.Due(facts, entry, asOf) is { } change; i++)
                    {
                        entry = change.ApplyTo(entry);
                        var (name, reason) = Describe(change);
                        await history.RunAsync(HistoryParameters(s.Id, change.EffectiveOn, name, reason, s.District, source, now), cancellationToken);
                        var (m, d) = counts.GetValueOrDefault(s.WardCode);
                        counts[s.WardCode] = change is DeleteChange ? (m, d + 1) : (m + 1, d);
                        any = true;
                    }

                    if (any)
                    {
                        await update.RunAsync(s.WithEntry(entry, asOf).UpdateParameters(now), cancellationToken);
                        changed.Add(s.Id);
                    }
                }

                after = states.Count > 0 ? states[^1].Id : after;
            }
            while (states.Count == DecryptBatch);

            await AppendAuditAsync(c, tx, who, "register.read", read.ToSubjectSet(), AuditOutcome.Success, read.Count, cancellationToken);
            await AppendAuditAsync(c, tx, who, "register.process", changed.ToSubjectSet(), AuditOutcome.Success, changed.Count, cancellationToken);
            var wards = counts.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => new WardCount(w.Key, 0, w.Value.Marked, w.Value.Deleted)).ToList();
            await FinishRunAsync(c, tx, run, 0, wards.Sum(w => w.Marked), wards.Sum(w => w.Deleted), cancellationToken);
            return new RegisterRunResult(run, "process", asOf, asOf, asOf, read.Count, wards);
        };
    }

    private static async Task<long> StartRunAsync(DbConnection c, DbTransaction tx, string kind, DateOnly baseDate, DateOnly registrationDate, DateOnly ageDate, long now, CancellationToken ct) =>
        await c.ScalarAsync<long>(tx, "INSERT INTO register_run (kind, base_date, registration_date, age_date, registered, marked, deleted, applied_at_us) VALUES (@k, @b, @r, @a, 0, 0, 0, @t) RETURNING seq", ct,
            ("@k", kind), ("@b", baseDate), ("@r", registrationDate), ("@a", ageDate), ("@t", now));

    private static Task<int> FinishRunAsync(DbConnection c, DbTransaction tx, long run, long registered, long marked, long deleted, CancellationToken ct) =>
        c.ExecAsync(tx, "UPDATE register_run SET registered = @r, marked = @m, deleted = @d WHERE seq = @s", ct, ("@r", registered), ("@m", marked), ("@d", deleted), ("@s", run));

    /// <summary>
    /// Every 投票区 that has residents, from the index alone. Not only those with candidates: filtering here would look
    /// up every resident's row once more before the districts' own reads do; a district without candidates writes nothing.
    /// </summary>
    private static async Task<List<string>> DistrictsAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        var list = new List<string>();
        await using var cmd = c.Command(tx, "SELECT DISTINCT district FROM person WHERE district IS NOT NULL ORDER BY district");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(r.GetString(0));
        }

        return list;
    }

    private static async Task<List<RegisterState>> ReadStatesAsync(DbConnection c, DbTransaction? tx, string where, IEnumerable<(string, object?)> parameters, CancellationToken ct, int? limit = null)
    {
        var page = limit is { } n ? " LIMIT " + n.ToString(CultureInfo.InvariantCulture) : "";
        await using var cmd = c.Command(tx, $"SELECT {RegisterState.Columns} FROM person WHERE {where} ORDER BY id{page}");
        foreach (var (name, value) in parameters)
        {
            cmd.With(name, value);
        }

        var list = new List<RegisterState>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(RegisterState.Read(r));
        }

        return list;
    }

    /// <summary>One statement prepared once and run per row: 名簿の整理 writes history rows and an update per entry that changes.</summary>
    private sealed class Prepared(DbConnection c, DbTransaction tx, string sql) : IAsyncDisposable
    {
        private readonly DbCommand _cmd = c.Command(tx, sql);
        private bool _prepared;

        public async Task RunAsync((string Name, object? Value)[] values, CancellationToken ct)
        {
            if (!_prepared)
            {
                foreach (var (name, value) in values)
                {
                    _cmd.With(name, value);
                }

                await _cmd.PrepareAsync(ct);
                _prepared = true;
            }
            else
            {
                for (var i = 0; i < values.Length; i++)
                {
                    _cmd.Parameters[i].Value = values[i].Value ?? DBNull.Value;
                }
            }

            await _cmd.ExecuteNonQueryAsync(ct);
        }

        public ValueTask DisposeAsync() => _cmd.DisposeAsync();
    }
}
