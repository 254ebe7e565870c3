using System.Data.Common;
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
    /// <summary>
    /// 選挙人の検索 by any combination of kana, kanji name and birth date. A name with a space (half- or full-width)
    /// is surname and given name, looked up by the full-name index and confirmed part by part; a name without one is
    /// a full name or a surname alone (苗字のみ), looked up by the full-name and the surname index together. With a
    /// birth date it asks for the full name on that date or the surname within that date (the birth-date index
    /// carries both surnames), so only real candidates are decrypted, not everyone born that day. One search event
    /// names the indexes used and every match; one "voter.show" event names what is shown.
    /// </summary>
    public async Task<IReadOnlyList<VoterView>> FindVotersAsync(AccessContext who, VoterQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(query);
        var search = NameSearch.Plan(query.Kana, query.Name, query.BirthDate, _normalize);
        return await WriteAsync(async (c, tx) =>
        {
            var rows = await SelectByIndexesAsync(c, tx, "person", search.Terms, who.Wards, 1000, cancellationToken);
            var result = new List<PersonRecord>(rows.Count);
            foreach (var row in rows)
            {
                var person = TryDecrypt(new StoredRow(row.Id, row.WardCode ?? "", row.District, row.Status, row.Sex, row.RegisteredOn, row.Identity, false), out var failure) ?? throw failure!;
                // 64-bit indexes collide rarely and a surname or a birth date is shared by many: the plaintext decides.
                if (search.Matches(person.Identity.Surname, person.Identity.GivenName, person.Identity.SurnameKana, person.Identity.GivenNameKana, person.Identity.BirthDate))
                {
                    result.Add(person);
                }
            }

            var shown = result
                .Take(Math.Clamp(query.Limit, 1, 1000))
                .Select(p => new VoterView(p.Id, p.Identity.Surname + "　" + p.Identity.GivenName, p.Identity.SurnameKana + "　" + p.Identity.GivenNameKana, p.Identity.BirthDate, p.WardCode, p.District, (ElectorStatus)p.Status))
                .ToList();
            // Both events in the one transaction and one append: one commit (one fsync) per look-up, and never a search
            // logged without its display.
            await AppendAuditAsync(c, tx, who,
                [
                    new AuditEntry(search.ActionCode("person.search."), SubjectSet.Of(result.Select(r => r.Id)), AuditOutcome.Success, result.Count),
                    new AuditEntry("voter.show", SubjectSet.Of(shown.Select(v => v.Id)), AuditOutcome.Success, shown.Count),
                ],
                cancellationToken);
            return shown;
        }, cancellationToken);
    }

    /// <summary>A candidate row of a blind-index look-up: the plaintext columns a view needs, and the identity ciphertext.</summary>
    private sealed record IndexedRow(long Id, string? WardCode, string? District, int Status, int Sex, DateOnly? RegisteredOn, byte[] Identity);

    /// <summary>
    /// Rows of <paramref name="table"/> that satisfy every look-up of at least one of <paramref name="terms"/>, each
    /// blind index under any key version (a look-up during a rotation finds rows under both versions), within the
    /// ward scope, in id order, at most <paramref name="limit"/>.
    /// </summary>
    private async Task<List<IndexedRow>> SelectByIndexesAsync(DbConnection c, DbTransaction tx, string table, IReadOnlyList<IReadOnlyList<IndexLookup>> terms, IReadOnlyList<string>? wards, int limit, CancellationToken cancellationToken)
    {
        var person = table == "person";
        var (where, parameters) = IndexWhere.Build(terms, _indexer.ComputeAllVersions, person ? wards : null);
        var columns = person ? "id, ward_code, district, status, sex, registered_on, identity" : "id, NULL, NULL, status, sex, registered_on, identity";
        await using var cmd = c.Command(tx, $"SELECT {columns} FROM {table} WHERE {where} ORDER BY id LIMIT {limit.ToString(CultureInfo.InvariantCulture)}");
        foreach (var (name, value) in parameters)
        {
            cmd.With(name, value);
        }

        var rows = new List<IndexedRow>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new IndexedRow(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5), (byte[])reader.GetValue(6)));
        }

        return rows;
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
