using Senkyo.Privacy.Audit;

namespace Senkyo.Storage;

/// <summary>Synthetic (合成データ) or production (本番). Fixed at creation; data of the other kind is refused.</summary>
public enum StoreKind
{
    Synthetic = 1,
    Production = 2,
}

public enum EngineKind
{
    Sqlite = 1,
    Postgres = 2,
}

/// <summary>
/// Who is acting and why: every store call takes one, and it becomes the who/role/ward/purpose of the audit
/// event. <see cref="WardScope"/> is <c>*</c> or a comma-separated list of ward codes (区コード) the actor may see.
/// </summary>
public sealed record AccessContext(string Actor, string Role, string WardScope, string Purpose)
{
    public bool CoversWard(string wardCode) =>
        WardScope == "*" || WardScope.Split(',').Contains(wardCode, StringComparer.Ordinal);

    public IReadOnlyList<string>? Wards => WardScope == "*" ? null : WardScope.Split(',');
}

/// <summary>
/// Identity fields of a person (本人特定情報): the one sensitivity class stored as a single AES-GCM ciphertext
/// per row under the identity key.
/// </summary>
public sealed record PersonIdentity(
    string Surname,
    string GivenName,
    string SurnameKana,
    string GivenNameKana,
    DateOnly BirthDate,
    string Nationality,
    string PostalCode,
    string Address,
    string Banchi,
    string Building,
    string Phone,
    string PreviousAddress,
    string Relationship,
    string TownCode)
{
    public string KanaName => SurnameKana + GivenNameKana;

    public string KanjiName => Surname + GivenName;
}

/// <summary>Health and disability fields (障害・介護情報), encrypted under their own key, read only on purpose.</summary>
public sealed record PersonHealth(string? DisabilityCertificate, string? CareLevel, string? Notes);

/// <summary>
/// A person to store. <see cref="ResidentId"/> (住民票コード-like resident number) and <see cref="HouseholdId"/>
/// are personal identifiers issued outside Senkyo: only their 128-bit blind references are stored, next to an
/// internal surrogate id. <see cref="ResidentSince"/> (住定日) is encrypted with the identity group: for people
/// born in the city it equals the birth date. <see cref="Origin"/> must equal the store's kind.
/// </summary>
public sealed record NewPerson(
    StoreKind Origin,
    string ResidentId,
    string HouseholdId,
    PersonIdentity Identity,
    string WardCode,
    string? District,
    int Status,
    int Sex,
    DateOnly ResidentSince,
    DateOnly? RegisteredOn);

/// <summary>A person as read back: non-personal columns plus the decrypted identity.</summary>
public sealed record PersonRecord(
    long Id,
    string ResidentId,
    string HouseholdId,
    string WardCode,
    string? District,
    int Status,
    int Sex,
    DateOnly ResidentSince,
    DateOnly? RegisteredOn,
    PersonIdentity Identity,
    bool HasHealth);

/// <summary>Which blind index a search uses; the value is normalized before hashing.</summary>
public enum PersonLookup
{
    KanaName = 1,
    KanjiName = 2,
    BirthDate = 3,
    KanaNameAndBirthDate = 4,
}

public sealed record PersonQuery(PersonLookup Lookup, string? Name, DateOnly? BirthDate, int Limit = 100)
{
    public static PersonQuery ByKanaName(string kana) => new(PersonLookup.KanaName, kana, null);

    public static PersonQuery ByKanjiName(string kanji) => new(PersonLookup.KanjiName, kanji, null);

    public static PersonQuery ByBirthDate(DateOnly birth) => new(PersonLookup.BirthDate, null, birth);

    public static PersonQuery ByKanaAndBirth(string kana, DateOnly birth) => new(PersonLookup.KanaNameAndBirthDate, kana, birth);

    public string ActionCode => Lookup switch
    {
        PersonLookup.KanaName => "person.search.kana",
        PersonLookup.KanjiName => "person.search.kanji",
        PersonLookup.BirthDate => "person.search.birth",
        _ => "person.search.kana_birth",
    };
}

public sealed record StoreInfo(string StoreId, StoreKind Kind, EngineKind Engine, string MasterKeyId, string AuditKeyFingerprint);

public sealed record BulkInsertResult(long Count, long FirstId, long LastId, long AuditSeq);

public sealed record InclusionProofResult(long Seq, long TreeSize, byte[] LeafHash, byte[] Root, IReadOnlyList<byte[]> Path, AuditRecord Record, bool Verified);

public sealed record ReencryptionProgress(long Done, long Remaining);
