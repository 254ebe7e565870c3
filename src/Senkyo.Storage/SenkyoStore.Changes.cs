using System.Data.Common;
using System.Globalization;
using nietras.SeparatedValues;
using Senkyo.Domain.Municipality;
using Senkyo.Domain.Register;
using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Keys;
using Senkyo.Storage.Engines;
using Senkyo.Storage.Import;
using Senkyo.Storage.Register;

namespace Senkyo.Storage;

/// <summary>What applying a change file did.</summary>
public sealed record ChangeImportResult(string Sha256, DateOnly From, DateOnly To, long Events, IReadOnlyDictionary<string, long> ByKind, IReadOnlyDictionary<string, long> RegisterChanges);

/// <summary>
/// 異動ファイルの反映 (docs/formats/change-file.md): validated whole first (each event's resident must exist — in the
/// store or created earlier in the file — and be alive; new residents must be new), refused unless it continues the
/// chain of applied files (base-sha256) and its period follows the last one; then applied in filing order in one
/// transaction. Register consequences are the domain's: 表示 on a move-out (法27①) and 抹消 on death or loss of
/// nationality (法28) come from <see cref="RegisterMaintenance.Due"/>; every change is a row of register_history.
/// </summary>
public sealed partial class SenkyoStore
{
    private static readonly string[] ChangeColumns = [.. Domain.Residents.InterfaceFileFormat.ChangeColumns];

    private static readonly HashSet<string> ChangeKinds = new(StringComparer.Ordinal) { "move_in", "move_out", "move_within", "death", "birth", "name_change", "nationality_gained", "nationality_lost" };

    public async Task<ChangeImportResult> ImportChangesAsync(AccessContext who, string path, Municipality city, FileEncoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(city);
        CheckCityKind(city);
        var used = encoding == FileEncoding.Auto ? InterfaceFileSource.Detect(path) : encoding;
        var errors = new ErrorList(path);
        var columns = new ResidentColumns(city);
        var created = new LongSet();
        var mustExist = new List<(long Line, long Id, string ResidentId)>();
        DateOnly from, to;
        string? baseHash;
        string hash;
        long events = 0;
        using (var source = InterfaceFileSource.Open(path, used))
        {
            var marker = CheckMarker(source, "change-file");
            from = marker?.Date("from") ?? DateOnly.MinValue;
            to = marker?.Date("to") ?? DateOnly.MaxValue;
            baseHash = marker is not null && marker.Values.TryGetValue("base-sha256", out var b) ? b : null;
            if (marker is not null && (marker.Date("from") is null || marker.Date("to") is null || baseHash is null))
            {
                throw new StoreRefusedException($"{path}: line 1: the marker must carry from=, to= and base-sha256=.");
            }

            var lastFiling = DateOnly.MinValue;
            DateOnly firstFiling = DateOnly.MaxValue, maxFiling = DateOnly.MinValue;
            ForEachRow(source, ChangeColumns, errors, (row, line) =>
            {
                events++;
                var before = errors.Count;
                if (!long.TryParse(row[0].Span, NumberStyles.None, CultureInfo.InvariantCulture, out var eventId) || eventId != events)
                {
                    errors.Add(line, "event_id", string.Create(CultureInfo.InvariantCulture, $"expected {events} (events are numbered 1, 2, 3 … in filing order)"));
                }

                var kind = row[1].ToString();
                if (!ChangeKinds.Contains(kind))
                {
                    errors.Add(line, "event", $"unknown event (known: {string.Join(", ", ChangeKinds)})");
                }

                var eventOk = DateOnly.TryParseExact(row[2].Span, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var eventDate);
                if (!eventOk)
                {
                    errors.Add(line, "event_date", "impossible or malformed date (expected yyyy-MM-dd)");
                }

                if (!DateOnly.TryParseExact(row[3].Span, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var filing))
                {
                    errors.Add(line, "filing_date", "impossible or malformed date (expected yyyy-MM-dd)");
                }
                else
                {
                    if (filing < from || filing > to)
                    {
                        errors.Add(line, "filing_date", $"outside the file's period {from:yyyy-MM-dd}–{to:yyyy-MM-dd}");
                    }

                    if (filing < lastFiling)
                    {
                        errors.Add(line, "filing_date", "lines are not in filing order");
                    }

                    lastFiling = filing;
                    firstFiling = filing < firstFiling ? filing : firstFiling;
                    maxFiling = filing > maxFiling ? filing : maxFiling;
                    if (eventOk && eventDate > filing.AddDays(14))
                    {
                        errors.Add(line, "event_date", "more than 14 days after the filing date");
                    }
                }

                var id = columns.Validate(row, 4, line, null, errors);
                var isMoveOut = kind == "move_out";
                if (isMoveOut && row[23].Span.IsEmpty)
                {
                    errors.Add(line, "destination_prefecture", "a move-out names the prefecture moved to");
                }
                else if (!isMoveOut && (!row[23].Span.IsEmpty || !row[24].Span.IsEmpty))
                {
                    errors.Add(line, "destination_prefecture", "only a move-out has a destination");
                }

                if (row[23].Span.Length > 10 || row[24].Span.Length > 200)
                {
                    errors.Add(line, "destination_address", "oversized field");
                }

                if (id < 0 || errors.Count != before)
                {
                    return;
                }

                if (kind is "move_in" or "birth")
                {
                    if (!created.Add(id))
                    {
                        errors.Add(line, "resident_id", "a new resident with a number already used earlier in the file");
                    }
                    else
                    {
                        mustExist.Add((line, -id - 1, row[4].ToString()));
                    }
                }
                else if (!created.Contains(id))
                {
                    mustExist.Add((line, id, row[4].ToString()));
                }
            }, cancellationToken);
            hash = source.FinishHash();
            if (marker is null && events > 0)
            {
                (from, to) = (firstFiling, maxFiling);
            }
        }

        // Existence in the store (a read of blind references only, no decryption).
        if (errors.Count < ImportLimits.MaxReportedErrors)
        {
            await using var c = await _engine.OpenAsync(cancellationToken);
            await RefuseAppliedAsync(c, null, path, hash, cancellationToken);
            await CheckChainAsync(c, null, path, baseHash, from, cancellationToken);
            var refs = _ring.Versions(KeyPurpose.ResidentReference).ToList();
            await using var cmd = c.Command(null, "SELECT died_on IS NOT NULL FROM person WHERE resident_ref = @r");
            var p = cmd.CreateParameter();
            p.ParameterName = "@r";
            cmd.Parameters.Add(p);
            foreach (var (line, id, residentId) in mustExist)
            {
                object? found = null;
                foreach (var key in refs)
                {
                    p.Value = _indexer.Reference(key, residentId);
                    found ??= await cmd.ExecuteScalarAsync(cancellationToken);
                }

                if (id < 0 && found is not null)
                {
                    errors.Add(line, "resident_id", "a move-in or birth for a resident number the register already holds");
                }
                else if (id >= 0 && found is null)
                {
                    errors.Add(line, "resident_id", "event for a resident who does not exist (not in the store, not created earlier in the file)");
                }
                else if (id >= 0 && Convert.ToBoolean(found, CultureInfo.InvariantCulture))
                {
                    errors.Add(line, "resident_id", "event for a resident recorded as deceased");
                }
            }
        }

        errors.ThrowIfAny();

        var byKind = new Dictionary<string, long>(StringComparer.Ordinal);
        var register = new Dictionary<string, long>(StringComparer.Ordinal);
        await WriteAsync(async (c, tx) =>
        {
            await RefuseAppliedAsync(c, tx, path, hash, cancellationToken);
            await CheckChainAsync(c, tx, path, baseHash, from, cancellationToken);
            var now = NowMicros();
            var seq = await c.ScalarAsync<long>(tx, "INSERT INTO import_file (kind, sha256, base_sha256, synthetic, as_of, period_from, period_to, row_count, applied_at_us) VALUES ('change-file', @h, @b, @s, NULL, @f, @t, @n, @now) RETURNING seq", cancellationToken,
                ("@h", hash), ("@b", baseHash), ("@s", Info.Kind == StoreKind.Synthetic ? 1 : 0), ("@f", from), ("@t", to), ("@n", events), ("@now", now));
            var applier = new ChangeApplier(this, c, tx, city, columns, "file:" + seq.ToString(CultureInfo.InvariantCulture), now, register);
            var touched = new List<long>();
            using var source = InterfaceFileSource.Open(path, used);
            var events2 = new List<(string Kind, DateOnly EventDate, DateOnly Filing, ResidentRow Row, string Destination)>();
            using (var csv = Sep.Reader(o => o with { Unescape = false, DisableColCountCheck = true }).From(source.Reader))
            {
                foreach (var row in csv)
                {
                    var line = row.LineNumberFrom + source.LinesBeforeHeader;
                    events2.Add((row[1].ToString(), D(row[2].Span), D(row[3].Span), columns.Read(row, 4, line), row[23].ToString()));
                }
            }

            if (source.FinishHash() != hash)
            {
                throw new StoreRefusedException($"{path}: the file changed while it was being applied; nothing was applied.");
            }

            foreach (var (kind, eventDate, filing, resident, destination) in events2)
            {
                touched.Add(await applier.ApplyAsync(kind, eventDate, filing, resident, destination, cancellationToken));
                byKind[kind] = byKind.GetValueOrDefault(kind) + 1;
            }

            await AppendAuditAsync(c, tx, who, "register.import.changes", SubjectSet.Of(touched), AuditOutcome.Success, events, cancellationToken);
            return 0;
        }, cancellationToken);

        return new ChangeImportResult(hash, from, to, events, byKind, register);

        static DateOnly D(ReadOnlySpan<char> s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A change file continues the last applied file: its base is that file (or the resident file the chain started
    /// from, which is what a registry that always cites its full extract writes), and its period starts the day after
    /// the last one ended (no overlap, no gap).
    /// </summary>
    private static async Task CheckChainAsync(DbConnection c, DbTransaction? tx, string path, string? baseHash, DateOnly from, CancellationToken cancellationToken)
    {
        string? lastKind = null, lastHash = null, residentHash = null;
        DateOnly? lastEnd = null;
        await using (var cmd = c.Command(tx, "SELECT kind, sha256, as_of, period_to FROM import_file ORDER BY seq"))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                lastKind = r.GetString(0);
                lastHash = r.GetString(1);
                lastEnd = lastKind == "resident-file" ? r.GetFieldValue<DateOnly>(2) : r.GetFieldValue<DateOnly>(3);
                residentHash = lastKind == "resident-file" ? lastHash : residentHash;
            }
        }

        if (lastKind is null || lastEnd is null)
        {
            throw new StoreRefusedException($"{path}: no resident file has been imported yet; a change file continues one.");
        }

        if (baseHash is not null && baseHash != lastHash && baseHash != residentHash)
        {
            throw new StoreRefusedException($"{path}: base-sha256 {baseHash[..16]}… is not the state this store holds (last applied {lastHash![..16]}…); nothing was applied.");
        }

        var expected = lastEnd.Value.AddDays(1);
        if (from != expected)
        {
            throw new StoreRefusedException(from < expected
                ? $"{path}: out of order: the period starts {from:yyyy-MM-dd} but the store already covers up to {lastEnd:yyyy-MM-dd}; nothing was applied."
                : $"{path}: out of order: the period starts {from:yyyy-MM-dd} but the last applied ended {lastEnd:yyyy-MM-dd}; the file for the days between is missing. Nothing was applied.");
        }
    }

    /// <summary>Applies the events of one change file inside its transaction.</summary>
    private sealed class ChangeApplier(SenkyoStore store, DbConnection c, DbTransaction tx, Municipality city, ResidentColumns columns, string source, long now, Dictionary<string, long> counts)
    {
        public async Task<long> ApplyAsync(string kind, DateOnly eventDate, DateOnly filing, ResidentRow r, string destination, CancellationToken ct)
        {
            var town = columns.TownOf(r.TownCode);
            if (kind is "move_in" or "birth")
            {
                var id = await AllocateIdsAsync(c, tx, 1, ct);
                var row = store.ProtectResident(id, r, town, now);
                await InsertRowAsync(c, tx, row, ct);
                var refusal = RegistrationEligibility.Evaluate(HistoryFromFile(r.BirthDate, r.IsJapanese, r.ResidentSince), filing).Refusal;
                await c.ExecAsync(tx, "UPDATE person SET eligibility = @e, eligibility_on = @on WHERE id = @id", ct, ("@e", (int)refusal), ("@on", filing), ("@id", id));
                await HistoryAsync(id, eventDate, kind, null, town.DistrictCode, ct);
                return id;
            }

            var state = await LoadAsync(r.ResidentId, ct);
            var identity = store.DecryptIdentity(state);
            var birth = identity.Identity.BirthDate;
            var japanese = identity.Identity.Nationality == "JPN";
            DateOnly judgeOn = eventDate;
            switch (kind)
            {
                case "move_out":
                    state = state with
                    {
                        MovedOutOn = eventDate,
                        MoveDestination = (int)(destination == city.Prefecture ? MoveDestination.SamePrefecture : destination is "国外" or "海外" ? MoveDestination.Abroad : MoveDestination.OtherPrefecture),
                    };
                    judgeOn = eventDate.AddDays(1);
                    break;
                case "death":
                    state = state with { DiedOn = eventDate, Eligibility = (int)RegistrationRefusal.Deceased, EligibilityOn = eventDate };
                    break;
                case "nationality_lost":
                    state = state with { NationalityLostOn = eventDate };
                    await UpdateIdentityAsync(state, identity, r, ct);
                    japanese = false;
                    break;
                case "nationality_gained":
                    state = state with { NaturalizedOn = eventDate };
                    await UpdateIdentityAsync(state, identity, r, ct);
                    japanese = true;
                    break;
                case "move_within":
                    await UpdateIdentityAsync(state, identity, r, ct);
                    if (state.District != town.DistrictCode && state.RegisterNo is not null)
                    {
                        state = state with { RegisterNo = await NextNumberAsync(town.DistrictCode, ct) };
                    }

                    state = state with { WardCode = town.WardCode, District = town.DistrictCode };
                    break;
                case "name_change":
                    await UpdateIdentityAsync(state, identity, r, ct);
                    break;
            }

            await HistoryAsync(state.Id, eventDate, kind, null, state.District, ct);
            if (state.Entry() is { } entry)
            {
                // A fact dated before the entry was made (reported late) is judged on the registration day.
                judgeOn = judgeOn < entry.RegisteredOn ? entry.RegisteredOn : judgeOn;
                var history = state.History(birth, japanese, identity.ResidentSince);
                // 名簿の整理 owed as of the event: 表示 after a move-out (法27①), 抹消 on death or 国籍喪失 (法28).
                for (var i = 0; i < 3 && RegisterMaintenance.Due(history, entry, judgeOn) is { } change; i++)
                {
                    entry = change.ApplyTo(entry);
                    var (name, reason) = Describe(change);
                    await HistoryAsync(state.Id, change.EffectiveOn, name, reason, state.District, ct);
                    counts[name] = counts.GetValueOrDefault(name) + 1;
                }

                state = state.WithEntry(entry, judgeOn);
            }

            await c.ExecAsync(tx, RegisterState.UpdateSql, ct, state.UpdateParameters(now));
            return state.Id;
        }

        private async Task<RegisterState> LoadAsync(string residentId, CancellationToken ct)
        {
            foreach (var key in store._ring.Versions(KeyPurpose.ResidentReference))
            {
                await using var cmd = c.Command(tx, $"SELECT {RegisterState.Columns} FROM person WHERE resident_ref = @r").With("@r", store._indexer.Reference(key, residentId));
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                if (await reader.ReadAsync(ct))
                {
                    return RegisterState.Read(reader);
                }
            }

            throw new StoreRefusedException("A resident validated a moment ago is gone; nothing was applied.");
        }

        private async Task UpdateIdentityAsync(RegisterState state, PersonRecord current, ResidentRow r, CancellationToken ct)
        {
            var row = store.ProtectIdentity(state.Id, current.ResidentId, current.HouseholdId, current.ResidentSince, r.Identity);
            await c.ExecAsync(tx, $"UPDATE person SET {IdentitySetSql} WHERE id = @id", ct, [.. IdentityParameters(row), ("@id", state.Id)]);
        }

        private async Task<int> NextNumberAsync(string district, CancellationToken ct) =>
            await c.ScalarAsync<int>(tx, "SELECT COALESCE(MAX(register_no), 0) + 1 FROM person WHERE district = @d", ct, ("@d", district));

        private Task<int> HistoryAsync(long id, DateOnly on, string change, int? reason, string? district, CancellationToken ct) =>
            SenkyoStore.HistoryAsync(c, tx, id, on, change, reason, district, source, now, ct);
    }

    internal static (string Name, int Reason) Describe(RegisterChange change) => change switch
    {
        MarkChange m => ("mark", (int)m.Reason),
        ClearMarkChange m => ("clear_mark", (int)m.Reason),
        DeleteChange d => ("delete", (int)d.Reason),
        _ => ("change", 0),
    };

    private const string HistorySql = "INSERT INTO register_history (person_id, on_date, change, reason, district, source, recorded_at_us) VALUES (@p, @on, @c, @r, @d, @s, @t)";

    private static (string, object?)[] HistoryParameters(long id, DateOnly on, string change, int? reason, string? district, string source, long now) =>
        [("@p", id), ("@on", on), ("@c", change), ("@r", reason), ("@d", district), ("@s", source), ("@t", now)];

    private static Task<int> HistoryAsync(DbConnection c, DbTransaction tx, long id, DateOnly on, string change, int? reason, string? district, string source, long now, CancellationToken ct) =>
        c.ExecAsync(tx, HistorySql, ct, HistoryParameters(id, on, change, reason, district, source, now));

    private PersonRecord DecryptIdentity(RegisterState state) =>
        TryDecrypt(new StoredRow(state.Id, state.WardCode, state.District, state.Status, 0, state.RegisteredOn, state.Identity, false), out var failure) ?? throw failure!;
}
