using System.Globalization;
using System.Text;
using Senkyo.Domain.Register;
using Senkyo.Privacy.Audit;
using Senkyo.Storage.Engines;
using Senkyo.Storage.Register;

namespace Senkyo.Storage;

/// <summary>A search for electors: any combination; the most selective blind index is used, the rest is checked on the decrypted record.</summary>
public sealed record VoterQuery(string? Kana, string? Name, DateOnly? BirthDate, int Limit = 50);

/// <summary>An elector as shown to a clerk: only what an inquiry needs.</summary>
public sealed record VoterView(long Id, string Name, string Kana, DateOnly BirthDate, string WardCode, string? District, ElectorStatus Status);

/// <summary>選挙人名簿登録者数 for the prefecture's report: one cell of the breakdown.</summary>
public sealed record StatsCell(string WardCode, string District, int Sex, int AgeBand, long Electors, long Marked);

/// <summary>Register statistics as of a day, and the changes recorded since the last registration run.</summary>
public sealed record RegisterStats(DateOnly AsOf, IReadOnlyList<StatsCell> Cells, DateOnly? LastRegistration, IReadOnlyDictionary<string, long> ChangesSinceLastRegistration);

/// <summary>
/// Finding electors (選挙人の検索), register statistics and the 名簿抄本 extract. Searches go through the blind
/// indexes; every search, every record shown, every bulk read and every export is an audit event with its purpose.
/// </summary>
public sealed partial class SenkyoStore
{
    public async Task<IReadOnlyList<VoterView>> FindVotersAsync(AccessContext who, VoterQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(query);
        var q = query switch
        {
            { Kana: { } k, BirthDate: { } b } => PersonQuery.ByKanaAndBirth(k, b),
            { Kana: { } k } => PersonQuery.ByKanaName(k),
            { Name: { } name } => PersonQuery.ByKanjiName(name),
            { BirthDate: { } b } => PersonQuery.ByBirthDate(b),
            _ => throw new StoreRefusedException("Give at least one of kana, name or birth date."),
        };
        var found = await FindPeopleAsync(who, q with { Limit = 1000 }, cancellationToken);
        var n = _options.Normalizer;
        var shown = found
            .Where(p => query.Name is null || n(p.Identity.KanjiName) == n(query.Name))
            .Where(p => query.BirthDate is null || p.Identity.BirthDate == query.BirthDate)
            .Take(Math.Clamp(query.Limit, 1, 1000))
            .Select(p => new VoterView(p.Id, p.Identity.Surname + "　" + p.Identity.GivenName, p.Identity.SurnameKana + "　" + p.Identity.GivenNameKana, p.Identity.BirthDate, p.WardCode, p.District, (ElectorStatus)p.Status))
            .ToList();
        await RecordAsync(who, "voter.show", SubjectSet.Of(shown.Select(v => v.Id)), AuditOutcome.Success, shown.Count, cancellationToken);
        return shown;
    }

    /// <summary>
    /// Electors by ward, 投票区, sex and 5-year age band as of <paramref name="asOf"/>; the birth dates are decrypted
    /// for this (an audited bulk read under the caller's purpose) and only the counts leave this method.
    /// </summary>
    public async Task<RegisterStats> StatsAsync(AccessContext who, DateOnly asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        return await WriteAsync(async (c, tx) =>
        {
            var cells = new Dictionary<(string, string, int, int), (long E, long M)>();
            long min = long.MaxValue, max = 0, read = 0;
            await using (var cmd = c.Command(tx, $"SELECT {RegisterState.Columns}, sex FROM person WHERE registered_on IS NOT NULL AND registered_on <= @d").With("@d", asOf))
            await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await r.ReadAsync(cancellationToken))
                {
                    var s = RegisterState.Read(r);
                    var status = s.Entry()!.StatusOn(asOf);
                    if (status is not (ElectorStatus.Elector or ElectorStatus.Marked or ElectorStatus.Disqualified))
                    {
                        continue;
                    }

                    var birth = DecryptIdentity(s).Identity.BirthDate;
                    var age = asOf.Year - birth.Year - (asOf < birth.AddYears(asOf.Year - birth.Year) ? 1 : 0);
                    var key = (s.WardCode, s.District ?? "", r.GetInt32(19), Math.Min(age / 5 * 5, 100));
                    var (e, m) = cells.GetValueOrDefault(key);
                    cells[key] = status == ElectorStatus.Marked ? (e + 1, m + 1) : (e + 1, m);
                    (min, max, read) = (Math.Min(min, s.Id), Math.Max(max, s.Id), read + 1);
                }
            }

            DateOnly? last = null;
            long lastAt = 0;
            await using (var cmd = c.Command(tx, "SELECT registration_date, applied_at_us FROM register_run WHERE kind IN ('periodic', 'election') ORDER BY seq DESC LIMIT 1"))
            await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                if (await r.ReadAsync(cancellationToken))
                {
                    (last, lastAt) = (r.GetFieldValue<DateOnly>(0), r.GetInt64(1));
                }
            }

            var changes = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var cmd = c.Command(tx, "SELECT change, reason, count(*) FROM register_history WHERE recorded_at_us > @t GROUP BY change, reason ORDER BY change, reason").With("@t", lastAt))
            await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await r.ReadAsync(cancellationToken))
                {
                    var name = r.IsDBNull(1) ? r.GetString(0) : string.Create(CultureInfo.InvariantCulture, $"{r.GetString(0)}:{r.GetInt32(1):00}");
                    changes[name] = r.GetInt64(2);
                }
            }

            await AppendAuditAsync(c, tx, who, "register.stats", read == 0 ? SubjectSet.Empty : SubjectSet.Range(min, max), AuditOutcome.Success, read, cancellationToken);
            var list = cells.Select(kv => new StatsCell(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Key.Item4, kv.Value.E, kv.Value.M))
                .OrderBy(x => x.WardCode, StringComparer.Ordinal).ThenBy(x => x.District, StringComparer.Ordinal).ThenBy(x => x.Sex).ThenBy(x => x.AgeBand).ToList();
            return new RegisterStats(asOf, list, last, changes);
        }, cancellationToken);
    }

    /// <summary>Columns of the 名簿抄本 extract, in order.</summary>
    public static IReadOnlyList<string> ExtractColumns { get; } =
        ["register_no", "surname", "given_name", "surname_kana", "given_name_kana", "sex", "birth_date", "address", "building", "status", "marked_on"];

    /// <summary>
    /// 名簿抄本 data of one 投票区 in register-number order (entries not deleted), as CSV to <paramref name="output"/>.
    /// An audited export: one event names every entry written.
    /// </summary>
    public async Task<long> ExtractAsync(AccessContext who, string district, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(output);
        return await WriteAsync(async (c, tx) =>
        {
            var states = new List<(RegisterState State, int Sex)>();
            await using (var cmd = c.Command(tx, $"SELECT {RegisterState.Columns}, sex FROM person WHERE district = @d AND register_no IS NOT NULL AND status IN (1, 2, 4) ORDER BY register_no").With("@d", district))
            await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await r.ReadAsync(cancellationToken))
                {
                    states.Add((RegisterState.Read(r), r.GetInt32(19)));
                }
            }

            if (states.Count == 0)
            {
                await AppendAuditAsync(c, tx, who, "register.extract", SubjectSet.Empty, AuditOutcome.Failed, 0, cancellationToken);
                return 0L;
            }

            var sb = new StringBuilder();
            sb.Append(string.Join(',', ExtractColumns)).Append('\n');
            foreach (var (s, sex) in states)
            {
                var i = DecryptIdentity(s).Identity;
                sb.Append(s.RegisterNo!.Value.ToString(CultureInfo.InvariantCulture)).Append(',');
                foreach (var f in (string[])[i.Surname, i.GivenName, i.SurnameKana, i.GivenNameKana])
                {
                    sb.Append(Csv(f)).Append(',');
                }

                sb.Append(sex.ToString(CultureInfo.InvariantCulture)).Append(',').Append(i.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                    .Append(Csv(i.Address)).Append(',').Append(Csv(i.Building)).Append(',')
                    .Append(s.Status.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(s.MarkedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
            }

            await output.WriteAsync(sb, cancellationToken);
            await AppendAuditAsync(c, tx, who, "register.extract", SubjectSet.Of(states.Select(s => s.State.Id)), AuditOutcome.Success, states.Count, cancellationToken);
            return states.Count;
        }, cancellationToken);

        static string Csv(string v) => v.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }
}
