using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Senkyo.Domain.Municipality;
using Senkyo.Domain.Register;
using Senkyo.Domain.Residents;
using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Encryption;
using Senkyo.Privacy.Indexing;
using Senkyo.Privacy.Keys;
using Senkyo.Storage.Engines;
using Senkyo.Storage.Import;
using Senkyo.Storage.Overseas;
using Senkyo.Storage.Register;

namespace Senkyo.Storage;

/// <summary>Where an application stands (申請の処理状況).</summary>
public enum OverseasApplicationState
{
    /// <summary>保留: not yet decided, or not yet due (the 3 months abroad, the day after the move-out, the day after polling day).</summary>
    Held = 0,

    /// <summary>登録済: entered on the 在外選挙人名簿 (法30の6①) or transferred to it (法30の6②).</summary>
    Entered = 1,

    /// <summary>却下: refused for a reason that time does not cure (e.g. 既に登録, 出国時申請 after the 転出予定日, another commission's).</summary>
    Refused = 2,
}

/// <summary>What applying a file of overseas applications did: the file's SHA-256, how many, and their ids.</summary>
public sealed record OverseasApplyResult(string Sha256, long Applications, long FirstId, long LastId);

/// <summary>What one 在外選挙人名簿 run did as of a day: applications entered, transferred, held, refused; entries marked, cleared, deleted.</summary>
public sealed record OverseasRunResult(DateOnly AsOf, long Examined, long Entered, long Transferred, long Held, long Refused, long Marked, long Cleared, long Deleted);

/// <summary>An overseas application or entry as shown to a clerk.</summary>
public sealed record OverseasView(
    long Id,
    string ApplicationNo,
    string Name,
    string Kana,
    DateOnly BirthDate,
    OverseasApplicationRoute Route,
    DateOnly FiledOn,
    OverseasApplicationState State,
    OverseasRegistrationRefusal Refusal,
    DateOnly? EarliestOn,
    ElectorStatus Status,
    DateOnly? RegisteredOn,
    string ConsularJurisdiction);

/// <summary>A search of the 在外選挙人名簿 and its applications: by name and birth date as <see cref="VoterQuery"/>, or every one in a state.</summary>
public sealed record OverseasQuery(string? Kana, string? Name, DateOnly? BirthDate, OverseasApplicationState? State = null, int Limit = 50);

/// <summary>Facts the commission is told about an overseas elector (法30の13 通知, 戸籍の附票).</summary>
public enum OverseasNoticeKind
{
    /// <summary>死亡 → 抹消 (法30の11①一).</summary>
    Death = 1,

    /// <summary>国籍喪失 → 抹消 (法30の11①一).</summary>
    NationalityLost = 2,

    /// <summary>国内に住所を定めた (a 住民票 was made): 表示 (法30の10①), 抹消 after 4 months (法30の11①二).</summary>
    DomesticAddress = 3,
}

/// <summary>A notice: its kind, the day it happened, and for a domestic address the municipality (全国地方公共団体コード).</summary>
public sealed record OverseasNotice(OverseasNoticeKind Kind, DateOnly On, string? Municipality = null);

/// <summary>
/// The 在外選挙人名簿 (法30の2〜30の11) over the store. Entry is on application only (法30の5): applications come in as a
/// file (docs/formats/overseas-application.md) and are held; a run enters those Senkyo.Domain.Register says may be
/// entered that day (<see cref="OverseasRegistration"/>: 在外公館申請 法30の4①・30の6①, 出国時申請 法30の4②・30の6② with
/// the 選挙人名簿 entry deleted the same day, reason 06) and makes the 表示 and 抹消 entries owe
/// (<see cref="OverseasRegisterMaintenance"/>: 法30の10①, 法30の11①). Personal fields are encrypted like a person's;
/// every call is audited in its own transaction, and only a clerk scoped to the whole city ("*") may use the register,
/// which is the commission's and belongs to no ward.
/// </summary>
public sealed partial class SenkyoStore
{
    private const string OverseasTable = "overseas_elector";
    private const string OverseasGroup = "overseas.identity.v1";
    private const int MaxOverseasField = 200;

    /// <summary>Columns of an overseas application file, in order (docs/formats/overseas-application.md).</summary>
    public static IReadOnlyList<string> OverseasApplicationColumns { get; } =
    [
        "application_no", "route", "filed_on", "resident_id", "surname", "given_name", "surname_kana", "given_name_kana", "birth_date", "sex",
        "registered_domicile", "last_municipality", "last_address_since", "left_japan_on", "consular_jurisdiction", "abroad_since", "address_abroad",
    ];

    /// <summary>
    /// Validates a whole file of applications (every error named by line and column; any error and nothing is stored),
    /// then stores each as a held application of <paramref name="city"/>'s commission in one transaction with one
    /// "overseas.apply" event. A 出国時申請 must name a resident the store holds (its 選挙人名簿 entry is what moves).
    /// </summary>
    public async Task<OverseasApplyResult> ApplyOverseasApplicationsAsync(AccessContext who, string path, Municipality city, FileEncoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(city);
        CheckCityKind(city);
        var errors = new ErrorList(path);
        var parsed = new List<(long Line, string No, OverseasApplicationRoute Route, DateOnly Filed, int Sex, OverseasIdentity Identity)>();
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        string hash;
        using (var source = InterfaceFileSource.Open(path, encoding))
        {
            CheckMarker(source, "overseas-application");
            ForEachRow(source, [.. OverseasApplicationColumns], errors, (row, line) =>
            {
                var f = new string[OverseasApplicationColumns.Count];
                for (var i = 0; i < f.Length; i++)
                {
                    f[i] = row[i].ToString();
                }

                if (ParseApplication(f, line, errors) is { } a)
                {
                    if (!numbers.Add(a.No))
                    {
                        errors.Add(line, "application_no", "the same application number is on an earlier line");
                    }

                    parsed.Add(a);
                }
            }, cancellationToken);
            hash = source.FinishHash();
        }

        errors.ThrowIfAny();
        var (refusal, result) = await WriteAsync(async (c, tx) =>
        {
            if (await RefuseOutsideCityScopeAsync(c, tx, who, "overseas.apply", cancellationToken) is { } refused)
            {
                return (refused, (OverseasApplyResult?)null);
            }

            var links = new long?[parsed.Count];
            for (var i = 0; i < parsed.Count; i++)
            {
                var (line, no, route, _, _, identity) = parsed[i];
                if (await c.ScalarAsync<long?>(tx, "SELECT id FROM overseas_elector WHERE application_no = @n", cancellationToken, ("@n", no)) is not null)
                {
                    errors.Add(line, "application_no", "an application with this number is already stored");
                }

                if (identity.ResidentId.Length > 0)
                {
                    links[i] = await PersonIdByResidentIdAsync(c, tx, identity.ResidentId, cancellationToken);
                    if (links[i] is null && route == OverseasApplicationRoute.AtDeparture)
                    {
                        errors.Add(line, "resident_id", "a 出国時申請 names a resident this store holds (the 選挙人名簿 entry to transfer); no such resident");
                    }
                }
            }

            errors.ThrowIfAny();
            var first = parsed.Count == 0 ? 0 : await AllocateIdsAsync(c, tx, parsed.Count, cancellationToken);
            var now = NowMicros();
            for (var i = 0; i < parsed.Count; i++)
            {
                var (_, no, route, filed, sex, identity) = parsed[i];
                var id = first + i;
                var p = ProtectOverseas(id, identity);
                await c.ExecAsync(tx,
                    "INSERT INTO overseas_elector (id, application_no, person_id, municipality, route, filed_on, state, refusal, status, marks, sex, updated_at_us, " + OverseasIdentityColumns + ") " +
                    "VALUES (@id, @no, @person, @m, @route, @filed, 0, 0, 0, '', @sex, @upd, @identity, @ik, @xk, @b1, @b2, @b3, @b4, @b5, @b6)", cancellationToken,
                    [("@id", id), ("@no", no), ("@person", links[i]), ("@m", city.Code), ("@route", (int)route), ("@filed", filed), ("@sex", sex), ("@upd", now), .. p]);
            }

            await AppendAuditAsync(c, tx, who, "overseas.apply", parsed.Count == 0 ? SubjectSet.Empty : SubjectSet.Range(first, first + parsed.Count - 1), AuditOutcome.Success, parsed.Count, cancellationToken);
            return ((Exception?)null, new OverseasApplyResult(hash, parsed.Count, first, first + parsed.Count - 1));
        }, cancellationToken);
        return result ?? throw refusal!;
    }

    /// <summary>
    /// 在外選挙人名簿の登録と整理 as of <paramref name="asOf"/>: every held application is judged by
    /// <see cref="OverseasRegistration.Evaluate"/> and entered when eligible (a 出国時申請 also deletes the 選挙人名簿 entry,
    /// reason 06, with a register_history row); one whose refusal time cannot cure is closed as refused; every entry gets
    /// the 表示, 表示の消除 or 抹消 that <see cref="OverseasRegisterMaintenance.Due"/> says it owes. No entry is made from a
    /// national election's 公示日 to its polling day (法30の6③): pass the elections in <paramref name="elections"/>.
    /// </summary>
    public async Task<OverseasRunResult> ProcessOverseasAsync(AccessContext who, DateOnly asOf, IEnumerable<ElectionDates> elections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var national = elections?.ToList() ?? throw new ArgumentNullException(nameof(elections));
        var (refusal, result) = await WriteAsync(async (c, tx) =>
        {
            if (await RefuseOutsideCityScopeAsync(c, tx, who, "overseas.process", cancellationToken) is { } refused)
            {
                return (refused, (OverseasRunResult?)null);
            }

            var now = NowMicros();
            var states = await ReadOverseasAsync(c, tx, "state IN (0, 1) AND deleted_on IS NULL", [], cancellationToken);
            long entered = 0, transferred = 0, held = 0, closed = 0, marked = 0, cleared = 0, deleted = 0;
            var changed = new List<long>();
            foreach (var s in states)
            {
                var identity = DecryptOverseas(s);
                var person = s.Person(identity.BirthDate);
                var next = s;
                if (s.Entry() is { } entry)
                {
                    for (var i = 0; i < 3 && OverseasRegisterMaintenance.Due(person, identity.History, entry, asOf) is { } change; i++)
                    {
                        entry = change.ApplyTo(entry);
                        switch (change)
                        {
                            case OverseasDeleteChange: deleted++; break;
                            case OverseasClearMarkChange: cleared++; break;
                            default: marked++; break;
                        }
                    }

                    next = s.WithEntry(entry, asOf);
                }
                else
                {
                    var domestic = s.PersonId is { } pid ? await ReadPersonStateAsync(c, tx, pid, cancellationToken) : null;
                    var existing = await ExistingEntryAsync(c, tx, s.Id, identity, cancellationToken);
                    var decision = OverseasRegistration.Evaluate(person, identity.History, s.Application, s.Municipality, asOf, existing, domestic?.Entry(), national);
                    if (decision.Eligible)
                    {
                        var made = OverseasRegistration.Register(decision, s.Application, s.Municipality, asOf);
                        next = s.WithEntry(made.Entry, asOf) with { Refusal = OverseasRegistrationRefusal.None, EarliestOn = null, DecidedOn = asOf };
                        entered++;
                        if (made.DomesticDeletion is { } deletion && domestic is not null)
                        {
                            // 登録の移転: off the 選挙人名簿 and on the 在外選挙人名簿 the same day (法30の6②).
                            await c.ExecAsync(tx, RegisterState.UpdateSql, cancellationToken, domestic.WithEntry(deletion.ApplyTo(domestic.Entry()!), asOf).UpdateParameters(now));
                            await HistoryAsync(c, tx, domestic.Id, deletion.EffectiveOn, "delete", (int)deletion.Reason, domestic.District, "overseas:" + s.Id.ToString(CultureInfo.InvariantCulture), now, cancellationToken);
                            transferred++;
                        }
                    }
                    else
                    {
                        var final = decision.EarliestOn is null;
                        next = s with
                        {
                            State = final ? OverseasApplicationState.Refused : OverseasApplicationState.Held,
                            Refusal = decision.Refusal,
                            EarliestOn = decision.EarliestOn,
                            DecidedOn = final ? asOf : null,
                        };
                        _ = final ? closed++ : held++;
                    }
                }

                if (next != s)
                {
                    await c.ExecAsync(tx, OverseasState.UpdateSql, cancellationToken, next.UpdateParameters(now));
                    changed.Add(s.Id);
                }
            }

            await AppendAuditAsync(c, tx, who, "overseas.read", SubjectSet.Of(states.Select(s => s.Id)), AuditOutcome.Success, states.Count, cancellationToken);
            await AppendAuditAsync(c, tx, who, "overseas.process", SubjectSet.Of(changed), AuditOutcome.Success, changed.Count, cancellationToken);
            return ((Exception?)null, new OverseasRunResult(asOf, states.Count, entered, transferred, held, closed, marked, cleared, deleted));
        }, cancellationToken);
        return result ?? throw refusal!;
    }

    /// <summary>Records a notice about an application or entry (死亡, 国籍喪失, 国内に住所を定めた); the next run makes what it owes.</summary>
    public async Task RecordOverseasNoticeAsync(AccessContext who, long id, OverseasNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Kind == OverseasNoticeKind.DomesticAddress && !IsMunicipalityCode(notice.Municipality))
        {
            throw new StoreRefusedException("A domestic-address notice names the municipality (a 6-digit 全国地方公共団体コード).");
        }

        var refusal = await WriteAsync(async (c, tx) =>
        {
            if (await RefuseOutsideCityScopeAsync(c, tx, who, "overseas.notice", cancellationToken) is { } refused)
            {
                return refused;
            }

            var s = (await ReadOverseasAsync(c, tx, "id = @id", [("@id", id)], cancellationToken)).SingleOrDefault();
            if (s is null)
            {
                await AppendAuditAsync(c, tx, who, "overseas.notice", SubjectSet.Of(id), AuditOutcome.Failed, 0, cancellationToken);
                return new StoreRefusedException($"No overseas application or entry with id {id}.");
            }

            var now = NowMicros();
            switch (notice.Kind)
            {
                case OverseasNoticeKind.Death:
                    await c.ExecAsync(tx, OverseasState.UpdateSql, cancellationToken, (s with { DiedOn = notice.On }).UpdateParameters(now));
                    break;
                case OverseasNoticeKind.NationalityLost:
                    await c.ExecAsync(tx, OverseasState.UpdateSql, cancellationToken, (s with { NationalityLostOn = notice.On }).UpdateParameters(now));
                    break;
                default:
                    var identity = DecryptOverseas(s);
                    var abroad = identity.AddressesAbroad.Select(a => a.LeftOn is null && a.Since < notice.On ? new AddressAbroad(a.ConsularJurisdiction, a.Since, notice.On.AddDays(-1)) : a);
                    var moved = identity with
                    {
                        AddressesAbroad = [.. abroad],
                        DomesticAddresses = identity.DomesticAddresses.Add(new DomesticAddress(notice.Municipality!, notice.On)),
                    };
                    await c.ExecAsync(tx, $"UPDATE overseas_elector SET {OverseasIdentitySetSql}, updated_at_us = @upd WHERE id = @id", cancellationToken,
                        [.. ProtectOverseas(id, moved), ("@upd", now), ("@id", id)]);
                    break;
            }

            await AppendAuditAsync(c, tx, who, "overseas.notice", SubjectSet.Of(id), AuditOutcome.Success, 1, cancellationToken);
            return (Exception?)null;
        }, cancellationToken);
        if (refusal is not null)
        {
            throw refusal;
        }
    }

    /// <summary>
    /// Applications and entries by kana, name and birth date (the blind indexes, as <see cref="FindVotersAsync"/>), or every
    /// one in a state. One search event with every match, one "overseas.show" event with what is shown.
    /// </summary>
    public async Task<IReadOnlyList<OverseasView>> FindOverseasAsync(AccessContext who, OverseasQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(query);
        var byName = query.Kana is not null || query.Name is not null || query.BirthDate is not null;
        var search = byName ? NameSearch.Plan(query.Kana, query.Name, query.BirthDate, _normalize) : null;
        var limit = Math.Clamp(query.Limit, 1, 1000);
        var (refusal, shown) = await WriteAsync(async (c, tx) =>
        {
            var action = search?.ActionCode("overseas.search.") ?? "overseas.list";
            if (await RefuseOutsideCityScopeAsync(c, tx, who, action, cancellationToken) is { } refused)
            {
                return (refused, (List<OverseasView>?)null);
            }

            var stateFilter = query.State is { } st ? " AND state = " + ((int)st).ToString(CultureInfo.InvariantCulture) : "";
            List<OverseasState> candidates;
            if (search is not null)
            {
                var ids = (await SelectByIndexesAsync(c, tx, OverseasTable, search.Terms, null, 1000, cancellationToken)).Select(r => r.Id).ToList();
                candidates = ids.Count == 0 ? [] : await ReadOverseasAsync(c, tx, $"id IN ({string.Join(", ", ids)}){stateFilter}", [], cancellationToken);
            }
            else
            {
                candidates = await ReadOverseasAsync(c, tx, "1 = 1" + stateFilter, [], cancellationToken, limit);
            }

            var found = new List<OverseasView>();
            foreach (var s in candidates)
            {
                var i = DecryptOverseas(s);
                if (search is null || search.Matches(i.Surname, i.GivenName, i.SurnameKana, i.GivenNameKana, i.BirthDate))
                {
                    found.Add(new OverseasView(s.Id, s.ApplicationNo, i.Surname + "　" + i.GivenName, i.SurnameKana + "　" + i.GivenNameKana, i.BirthDate, s.Route, s.FiledOn, s.State, s.Refusal,
                        s.EarliestOn, s.Status, s.RegisteredOn, i.AddressesAbroad.LastOrDefault()?.ConsularJurisdiction ?? ""));
                }
            }

            await AppendAuditAsync(c, tx, who, action, SubjectSet.Of(found.Select(f => f.Id)), AuditOutcome.Success, found.Count, cancellationToken);
            var show = found.Take(limit).ToList();
            await AppendAuditAsync(c, tx, who, "overseas.show", SubjectSet.Of(show.Select(f => f.Id)), AuditOutcome.Success, show.Count, cancellationToken);
            return ((Exception?)null, show);
        }, cancellationToken);
        return shown ?? throw refusal!;
    }

    /// <summary>
    /// 在外選挙人の投票資格: may the elector of entry <paramref name="id"/> vote in <paramref name="election"/> on
    /// <paramref name="votingDay"/>? Decided by <see cref="OverseasVotingEligibility.Evaluate"/> alone — national
    /// elections only (法30の2, 法9②③) — with the elector's 選挙人名簿 entry in this city when the store links one.
    /// </summary>
    public async Task<VotingDecision> CheckOverseasVotingAsync(AccessContext who, long id, ElectionDates election, DateOnly votingDay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(election);
        var (refusal, decision) = await WriteAsync(async (c, tx) =>
        {
            if (await RefuseOutsideCityScopeAsync(c, tx, who, "overseas.eligibility", cancellationToken) is { } refused)
            {
                return (refused, (VotingDecision?)null);
            }

            var s = (await ReadOverseasAsync(c, tx, "id = @id", [("@id", id)], cancellationToken)).SingleOrDefault();
            if (s is null)
            {
                await AppendAuditAsync(c, tx, who, "overseas.eligibility", SubjectSet.Of(id), AuditOutcome.Failed, 0, cancellationToken);
                return (new StoreRefusedException($"No overseas application or entry with id {id}."), null);
            }

            var identity = DecryptOverseas(s);
            var domestic = s.PersonId is { } pid ? await ReadPersonStateAsync(c, tx, pid, cancellationToken) : null;
            var d = OverseasVotingEligibility.Evaluate(s.Person(identity.BirthDate), s.Entry(), election, votingDay, domestic?.Entry());
            await AppendAuditAsync(c, tx, who, "overseas.eligibility", SubjectSet.Of(id), AuditOutcome.Success, d.CanVote ? 1 : 0, cancellationToken);
            return ((Exception?)null, d);
        }, cancellationToken);
        return decision ?? throw refusal!;
    }

    private const string OverseasIdentityColumns = "identity, identity_key, index_key, bidx_kana, bidx_kanji, bidx_birth, bidx_kana_birth, bidx_kana_surname, bidx_kanji_surname";

    private const string OverseasIdentitySetSql = "identity = @identity, identity_key = @ik, index_key = @xk, bidx_kana = @b1, bidx_kanji = @b2, bidx_birth = @b3, bidx_kana_birth = @b4, bidx_kana_surname = @b5, bidx_kanji_surname = @b6";

    /// <summary>The identity ciphertext (associated data: table, group, row id, key version) and the six look-up indexes, as parameters.</summary>
    private (string, object?)[] ProtectOverseas(long id, OverseasIdentity i)
    {
        var plain = FieldGroupCodec.Encode(i.Fields());
        var blob = _cipher.Encrypt(KeyPurpose.IdentityEncryption, new FieldContext(OverseasTable, OverseasGroup, id), plain);
        CryptographicOperations.ZeroMemory(plain);
        var kana = _ring.Active(KeyPurpose.KanaNameIndex);
        return
        [
            ("@identity", blob), ("@ik", FieldCipher.KeyVersionOf(blob)), ("@xk", kana.Version),
            ("@b1", _indexer.Compute(kana, i.KanaName)),
            ("@b2", _indexer.Compute(_ring.Active(KeyPurpose.KanjiNameIndex), i.KanjiName)),
            ("@b3", _indexer.Compute(_ring.Active(KeyPurpose.BirthDateIndex), BlindIndexer.BirthValue(i.BirthDate))),
            ("@b4", _indexer.ComputeKanaBirth(_ring.Active(KeyPurpose.KanaBirthIndex), i.SurnameKana, i.GivenNameKana, i.BirthDate)),
            ("@b5", _indexer.Compute(_ring.Active(KeyPurpose.KanaSurnameIndex), i.SurnameKana)),
            ("@b6", _indexer.Compute(_ring.Active(KeyPurpose.KanjiSurnameIndex), i.Surname)),
        ];
    }

    private OverseasIdentity DecryptOverseas(OverseasState s)
    {
        var plain = _cipher.Decrypt(KeyPurpose.IdentityEncryption, new FieldContext(OverseasTable, OverseasGroup, s.Id), s.Identity);
        try
        {
            return OverseasIdentity.FromFields(FieldGroupCodec.Decode(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>The register is the commission's, not a ward's: a ward-scoped actor is refused, and the refusal is audited.</summary>
    private async Task<Exception?> RefuseOutsideCityScopeAsync(DbConnection c, DbTransaction tx, AccessContext who, string action, CancellationToken cancellationToken)
    {
        if (who.WardScope == "*")
        {
            return null;
        }

        await AppendAuditAsync(c, tx, who, action, SubjectSet.Empty, AuditOutcome.Denied, 0, cancellationToken);
        return new StoreRefusedException($"The 在外選挙人名簿 is kept by the commission for the whole city; the ward scope '{who.WardScope}' does not cover it.");
    }

    private static async Task<List<OverseasState>> ReadOverseasAsync(DbConnection c, DbTransaction tx, string where, IEnumerable<(string, object?)> parameters, CancellationToken ct, int? limit = null)
    {
        var sql = $"SELECT {OverseasState.Columns} FROM overseas_elector WHERE {where} ORDER BY id" + (limit is { } l ? " LIMIT " + l.ToString(CultureInfo.InvariantCulture) : "");
        await using var cmd = c.Command(tx, sql);
        foreach (var (name, value) in parameters)
        {
            cmd.With(name, value);
        }

        var list = new List<OverseasState>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(OverseasState.Read(r));
        }

        return list;
    }

    private static async Task<RegisterState?> ReadPersonStateAsync(DbConnection c, DbTransaction tx, long id, CancellationToken ct) =>
        (await ReadStatesAsync(c, tx, "id = @id", [("@id", id)], ct)).SingleOrDefault();

    private async Task<long?> PersonIdByResidentIdAsync(DbConnection c, DbTransaction tx, string residentId, CancellationToken ct)
    {
        foreach (var key in _ring.Versions(KeyPurpose.ResidentReference))
        {
            if (await c.ScalarAsync<long?>(tx, "SELECT id FROM person WHERE resident_ref = @r", ct, ("@r", _indexer.Reference(key, residentId))) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>
    /// The person's entry already on this 在外選挙人名簿, if any (法30の4: only one not yet entered is entered): found by
    /// the kana-name + birth-date index and confirmed on the decrypted name.
    /// </summary>
    private async Task<OverseasRegisterRecord?> ExistingEntryAsync(DbConnection c, DbTransaction tx, long id, OverseasIdentity identity, CancellationToken ct)
    {
        var lookup = new IndexLookup("bidx_kana_birth", KeyPurpose.KanaBirthIndex, BlindIndexer.KanaBirthValue(_normalize(identity.KanaName), identity.BirthDate));
        var ids = (await SelectByIndexesAsync(c, tx, OverseasTable, [[lookup]], null, 100, ct)).Select(r => r.Id).Where(x => x != id).ToList();
        if (ids.Count == 0)
        {
            return null;
        }

        var n = _normalize;
        foreach (var other in await ReadOverseasAsync(c, tx, $"id IN ({string.Join(", ", ids)}) AND state = 1", [], ct))
        {
            var o = DecryptOverseas(other);
            if (n(o.KanjiName) == n(identity.KanjiName) && n(o.KanaName) == n(identity.KanaName) && o.BirthDate == identity.BirthDate && other.Entry() is { } entry)
            {
                return entry;
            }
        }

        return null;
    }

    private (string Sql, (string, object?)[] Parameters) StaleOverseasCondition() =>
        ("(identity_key <> @ik OR index_key <> @xk)", [("@ik", _ring.Active(KeyPurpose.IdentityEncryption).Version), ("@xk", _ring.Active(KeyPurpose.KanaNameIndex).Version)]);

    /// <summary>Overseas rows still under an old identity or index key (a data-key rotation re-encrypts them after the person rows).</summary>
    private async Task<long> CountStaleOverseasAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        var (sql, parameters) = StaleOverseasCondition();
        return await c.ScalarAsync<long>(tx, $"SELECT count(*) FROM overseas_elector WHERE {sql}", ct, parameters);
    }

    private async Task<List<long>> ReencryptOverseasBatchAsync(DbConnection c, DbTransaction tx, int batchSize, CancellationToken ct)
    {
        var (sql, parameters) = StaleOverseasCondition();
        var rows = await ReadOverseasAsync(c, tx, sql, parameters, ct, batchSize);
        foreach (var s in rows)
        {
            await c.ExecAsync(tx, $"UPDATE overseas_elector SET {OverseasIdentitySetSql} WHERE id = @id", ct, [.. ProtectOverseas(s.Id, DecryptOverseas(s)), ("@id", s.Id)]);
        }

        return [.. rows.Select(r => r.Id)];
    }

    private static bool IsMunicipalityCode(string? code) => code is { Length: 6 } && code.All(char.IsAsciiDigit);

    /// <summary>Checks one line of an application file; every problem is an error naming the line and column, and no value.</summary>
    private static (long Line, string No, OverseasApplicationRoute Route, DateOnly Filed, int Sex, OverseasIdentity Identity)? ParseApplication(string[] f, long line, ErrorList errors)
    {
        var before = errors.Count;
        for (var i = 0; i < f.Length; i++)
        {
            if (f[i].Length > MaxOverseasField || f[i].Any(char.IsControl))
            {
                errors.Add(line, OverseasApplicationColumns[i], "oversized field or control character");
                f[i] = "";
            }
        }

        var no = f[0];
        if (no.Length is 0 or > 20 || !no.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-'))
        {
            errors.Add(line, "application_no", "1–20 ASCII letters, digits or '-'");
        }

        OverseasApplicationRoute? route = f[1] switch { "consulate" => OverseasApplicationRoute.AtConsulate, "departure" => OverseasApplicationRoute.AtDeparture, _ => null };
        if (route is null)
        {
            errors.Add(line, "route", "must be consulate (在外公館申請) or departure (出国時申請)");
        }

        var filed = Date(2, required: true);
        if (f[3].Length > 0 && !ResidentId.IsValid(f[3]))
        {
            errors.Add(line, "resident_id", "not a resident number (11 digits with a valid check digit)");
        }
        else if (f[3].Length == 0 && route == OverseasApplicationRoute.AtDeparture)
        {
            errors.Add(line, "resident_id", "a 出国時申請 names the resident whose 選挙人名簿 entry moves");
        }

        for (var i = 4; i <= 7; i++)
        {
            if (f[i].Length is 0 or > 50)
            {
                errors.Add(line, OverseasApplicationColumns[i], "required, at most 50 characters");
            }
            else if (i >= 6 && !f[i].All(ch => ch is (>= '\u30A1' and <= '\u30FA') or '\u30FC'))
            {
                errors.Add(line, OverseasApplicationColumns[i], "must be full-width katakana (ァ–ヺ, ー) only");
            }
        }

        var birth = Date(8, required: true);
        if (f[9] is not ("1" or "2"))
        {
            errors.Add(line, "sex", "1 (male) or 2 (female)");
        }

        if (!IsMunicipalityCode(f[10]))
        {
            errors.Add(line, "registered_domicile", "the 本籍地 as a 6-digit 全国地方公共団体コード");
        }

        var hasLast = f[11].Length > 0;
        if (hasLast && !IsMunicipalityCode(f[11]))
        {
            errors.Add(line, "last_municipality", "a 6-digit 全国地方公共団体コード, or empty for one never on a 住民基本台帳");
        }
        else if (!hasLast && route == OverseasApplicationRoute.AtDeparture)
        {
            errors.Add(line, "last_municipality", "a 出国時申請 names the municipality being left");
        }

        var since = Date(12, required: hasLast);
        var left = Date(13, required: hasLast);
        if (!hasLast && (f[12].Length > 0 || f[13].Length > 0))
        {
            errors.Add(line, "last_municipality", "dates of a last domestic address without its municipality");
        }

        if (since is { } s0 && left is { } l0 && l0 < s0)
        {
            errors.Add(line, "left_japan_on", "before last_address_since");
        }

        if (f[14].Length == 0)
        {
            errors.Add(line, "consular_jurisdiction", "required: the embassy or consulate whose jurisdiction holds the address abroad");
        }

        var abroad = Date(15, required: route != OverseasApplicationRoute.AtDeparture) ?? left?.AddDays(1);
        if (abroad is { } a0 && left is { } l1 && a0 <= l1)
        {
            errors.Add(line, "abroad_since", "on or before left_japan_on");
        }

        if (birth is { } b0 && filed is { } f0 && b0 > f0)
        {
            errors.Add(line, "birth_date", "after the filing date");
        }

        if (errors.Count != before || route is null || filed is null || birth is null || abroad is null)
        {
            return null;
        }

        var identity = new OverseasIdentity(f[3], f[4], f[5], f[6], f[7], birth.Value, f[10],
            hasLast ? [new DomesticAddress(f[11], since!.Value, left, MoveDestination.Abroad)] : [],
            [new AddressAbroad(f[14], abroad.Value)], f[16]);
        return (line, no, route.Value, filed.Value, f[9] == "1" ? 1 : 2, identity);

        DateOnly? Date(int i, bool required)
        {
            if (f[i].Length == 0)
            {
                if (required)
                {
                    errors.Add(line, OverseasApplicationColumns[i], "required date (yyyy-MM-dd)");
                }

                return null;
            }

            if (DateOnly.TryParseExact(f[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            errors.Add(line, OverseasApplicationColumns[i], "impossible or malformed date (expected yyyy-MM-dd)");
            return null;
        }
    }
}
