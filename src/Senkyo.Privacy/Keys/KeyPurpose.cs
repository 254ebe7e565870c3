namespace Senkyo.Privacy.Keys;

/// <summary>
/// What a data key is for. One key per purpose keeps a compromise or a rotation local: identity data and
/// health data (障害・介護: disability handbook, care level) never share a key, and each blind index has its own
/// HMAC key so equal values in two indexes cannot be linked.
/// </summary>
public enum KeyPurpose
{
    /// <summary>AES-256-GCM for identity fields (氏名, カナ, 生年月日, 住所, 電話).</summary>
    IdentityEncryption = 1,

    /// <summary>AES-256-GCM for health and disability fields (身体障害者手帳, 要介護度), separate by design.</summary>
    HealthEncryption = 2,

    /// <summary>HMAC key of the kana-name blind index.</summary>
    KanaNameIndex = 10,

    /// <summary>HMAC key of the kanji-name blind index.</summary>
    KanjiNameIndex = 11,

    /// <summary>HMAC key of the birth-date blind index.</summary>
    BirthDateIndex = 12,

    /// <summary>HMAC key of the compound kana-name + birth-date blind index.</summary>
    KanaBirthIndex = 13,

    /// <summary>HMAC key of the resident-number (住民票コード-like) and household-number references.</summary>
    ResidentReference = 14,

    /// <summary>HMAC key of the kana-surname blind index (苗字のみの検索: ヤマダ finds every 山田).</summary>
    KanaSurnameIndex = 15,

    /// <summary>HMAC key of the kanji-surname blind index (高橋 finds 髙橋 by surname alone).</summary>
    KanjiSurnameIndex = 16,

    /// <summary>ECDSA P-256 private key (PKCS#8) that signs audit checkpoints.</summary>
    AuditSigning = 20,
}

public static class KeyPurposes
{
    public static IReadOnlyList<KeyPurpose> All { get; } = Enum.GetValues<KeyPurpose>();

    public static bool IsEncryption(this KeyPurpose purpose) => purpose is KeyPurpose.IdentityEncryption or KeyPurpose.HealthEncryption;

    public static bool IsBlindIndex(this KeyPurpose purpose) => purpose is >= KeyPurpose.KanaNameIndex and <= KeyPurpose.KanjiSurnameIndex;

    /// <summary>Stable name stored in the database and in associated data; never renumber.</summary>
    public static string Code(this KeyPurpose purpose) => purpose switch
    {
        KeyPurpose.IdentityEncryption => "enc.identity",
        KeyPurpose.HealthEncryption => "enc.health",
        KeyPurpose.KanaNameIndex => "bidx.kana",
        KeyPurpose.KanjiNameIndex => "bidx.kanji",
        KeyPurpose.BirthDateIndex => "bidx.birth",
        KeyPurpose.KanaBirthIndex => "bidx.kana_birth",
        KeyPurpose.ResidentReference => "bidx.resident",
        KeyPurpose.KanaSurnameIndex => "bidx.kana_surname",
        KeyPurpose.KanjiSurnameIndex => "bidx.kanji_surname",
        KeyPurpose.AuditSigning => "sig.audit",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
    };

    public static KeyPurpose Parse(string code)
    {
        foreach (var purpose in All)
        {
            if (purpose.Code() == code)
            {
                return purpose;
            }
        }

        throw new KeyAccessException($"Unknown key purpose '{code}' in the key table.");
    }
}
