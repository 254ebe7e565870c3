using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using Senkyo.Domain.Register;

namespace Senkyo.Storage.Overseas;

/// <summary>
/// The personal part of an overseas application (在外選挙人名簿登録申請・登録移転申請, 法30の5): who, the 本籍地 and the
/// addresses the 戸籍の附票 shows, in Japan and abroad. Stored only as one ciphertext (group overseas.identity.v1).
/// </summary>
internal sealed record OverseasIdentity(
    string ResidentId,
    string Surname,
    string GivenName,
    string SurnameKana,
    string GivenNameKana,
    DateOnly BirthDate,
    string RegisteredDomicile,
    ImmutableArray<DomesticAddress> DomesticAddresses,
    ImmutableArray<AddressAbroad> AddressesAbroad,
    string AddressAbroadText)
{
    private const char Item = '\u001E';
    private const char Part = '\u001F';

    public string KanaName => SurnameKana + GivenNameKana;

    public string KanjiName => Surname + GivenName;

    public OverseasHistory History => new() { RegisteredDomicile = RegisteredDomicile, DomesticAddresses = DomesticAddresses, AddressesAbroad = AddressesAbroad };

    public string?[] Fields() =>
    [
        ResidentId, Surname, GivenName, SurnameKana, GivenNameKana, Iso(BirthDate), RegisteredDomicile,
        string.Join(Item, DomesticAddresses.Select(a => string.Join(Part, a.Municipality, Iso(a.Since), Iso(a.LeftOn), ((int)a.LeftFor).ToString(CultureInfo.InvariantCulture)))),
        string.Join(Item, AddressesAbroad.Select(a => string.Join(Part, a.ConsularJurisdiction, Iso(a.Since), Iso(a.LeftOn)))),
        AddressAbroadText,
    ];

    public static OverseasIdentity FromFields(IReadOnlyList<string?> f) => new(
        f[0]!, f[1]!, f[2]!, f[3]!, f[4]!, Date(f[5])!.Value, f[6]!,
        [.. Items(f[7]).Select(p => new DomesticAddress(p[0], Date(p[1])!.Value, Date(p[2]), (MoveDestination)int.Parse(p[3], CultureInfo.InvariantCulture)))],
        [.. Items(f[8]).Select(p => new AddressAbroad(p[0], Date(p[1])!.Value, Date(p[2])))],
        f[9]!);

    private static IEnumerable<string[]> Items(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Split(Item).Select(i => i.Split(Part));

    private static string Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static DateOnly? Date(string? s) => string.IsNullOrEmpty(s) ? null : DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// The plaintext columns of one overseas_elector row (codes and register dates) plus the identity ciphertext. Turns
/// them into the domain's <see cref="OverseasApplication"/>, <see cref="OverseasRegisterRecord"/> and
/// <see cref="PersonHistory"/>, so every decision is Senkyo.Domain.Register's, and back into columns.
/// </summary>
internal sealed record OverseasState(
    long Id,
    string ApplicationNo,
    long? PersonId,
    string Municipality,
    OverseasApplicationRoute Route,
    DateOnly FiledOn,
    OverseasApplicationState State,
    OverseasRegistrationRefusal Refusal,
    DateOnly? EarliestOn,
    DateOnly? DecidedOn,
    ElectorStatus Status,
    DateOnly? RegisteredOn,
    string Marks,
    DateOnly? DeletedOn,
    int? DeletionReason,
    DateOnly? DiedOn,
    DateOnly? NationalityLostOn,
    int Sex,
    byte[] Identity)
{
    public const string Columns = "id, application_no, person_id, municipality, route, filed_on, state, refusal, earliest_on, decided_on, status, registered_on, marks, deleted_on, deletion_reason, died_on, nationality_lost_on, sex, identity";

    public const string UpdateSql = "UPDATE overseas_elector SET state = @state, refusal = @refusal, earliest_on = @earliest, decided_on = @decided, status = @status, registered_on = @reg, marks = @marks, deleted_on = @do, deletion_reason = @dr, died_on = @died, nationality_lost_on = @lost, updated_at_us = @upd WHERE id = @id";

    public static OverseasState Read(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetString(3), (OverseasApplicationRoute)r.GetInt32(4), r.GetFieldValue<DateOnly>(5),
        (OverseasApplicationState)r.GetInt32(6), (OverseasRegistrationRefusal)r.GetInt32(7), Date(r, 8), Date(r, 9), (ElectorStatus)r.GetInt32(10), Date(r, 11), r.GetString(12),
        Date(r, 13), r.IsDBNull(14) ? null : r.GetInt32(14), Date(r, 15), Date(r, 16), r.GetInt32(17), (byte[])r.GetValue(18));

    public (string, object?)[] UpdateParameters(long nowMicros) =>
    [
        ("@state", (int)State), ("@refusal", (int)Refusal), ("@earliest", EarliestOn), ("@decided", DecidedOn), ("@status", (int)Status), ("@reg", RegisteredOn), ("@marks", Marks),
        ("@do", DeletedOn), ("@dr", DeletionReason), ("@died", DiedOn), ("@lost", NationalityLostOn), ("@upd", nowMicros), ("@id", Id),
    ];

    public OverseasApplication Application => new(FiledOn, Route);

    /// <summary>A Japanese national from birth unless a loss is recorded (the application is by a national, 法30の4), alive unless a death is.</summary>
    public PersonHistory Person(DateOnly birth) => new()
    {
        BirthDate = birth,
        JapaneseNationality = [new NationalityPeriod(birth, NationalityLostOn)],
        DeathDate = DiedOn,
    };

    /// <summary>The entry on the 在外選挙人名簿, or null while the application is held or refused.</summary>
    public OverseasRegisterRecord? Entry()
    {
        if (State != OverseasApplicationState.Entered || RegisteredOn is not { } registered)
        {
            return null;
        }

        var marks = string.IsNullOrEmpty(Marks) ? [] : Marks.Split(';').Select(ParseMark).ToImmutableArray();
        var entry = new OverseasRegisterRecord(Municipality, registered, Route) { Marks = marks };
        return DeletedOn is { } deleted ? entry.Delete(deleted, (OverseasDeletionReason)(DeletionReason ?? (int)OverseasDeletionReason.WronglyEntered)) : entry;
    }

    /// <summary>This state holding <paramref name="entry"/>: every mark (cleared ones too, the maintenance rule reads them), the deletion, the status of <paramref name="asOf"/>.</summary>
    public OverseasState WithEntry(OverseasRegisterRecord entry, DateOnly asOf) => this with
    {
        State = OverseasApplicationState.Entered,
        RegisteredOn = entry.RegisteredOn,
        Marks = string.Join(';', entry.Marks.Select(FormatMark)),
        DeletedOn = entry.Deletion?.DeletedOn,
        DeletionReason = entry.Deletion is null ? null : (int)entry.Deletion.Reason,
        Status = entry.Deletion is not null ? ElectorStatus.Deleted : entry.StatusOn(asOf < entry.RegisteredOn ? entry.RegisteredOn : asOf),
    };

    private static string FormatMark(OverseasRegisterMark m) =>
        string.Create(CultureInfo.InvariantCulture, $"{m.MarkedOn:yyyy-MM-dd}/{(int)m.Reason}/{m.ClearedOn:yyyy-MM-dd}");

    private static OverseasRegisterMark ParseMark(string text)
    {
        var p = text.Split('/');
        return new OverseasRegisterMark(DateOnly.ParseExact(p[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), (OverseasMarkReason)int.Parse(p[1], CultureInfo.InvariantCulture),
            p[2].Length == 0 ? null : DateOnly.ParseExact(p[2], "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static DateOnly? Date(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateOnly>(i);
}
