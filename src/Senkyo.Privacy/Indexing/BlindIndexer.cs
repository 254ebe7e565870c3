using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Senkyo.Privacy.Keys;

namespace Senkyo.Privacy.Indexing;

/// <summary>
/// Blind indexes (検索用ハッシュ): HMAC-SHA256 of a normalized value under a key of the index's own, so exact
/// look-ups (kana name, kanji name, birth date, kana name + birth date) run on an ordinary B-tree without
/// decrypting the table, and a copied database without the keys cannot test guesses.
/// <para>
/// Width: look-up indexes keep 64 bits. Over 11.5 million rows the chance that a query meets a false match is
/// about 11.5e6 / 2^64 ≈ 6e-13, and callers decrypt the few candidates anyway, while an 8-byte integer key keeps
/// the index small and fast on both engines. Truncating further would add deliberate collisions but hide
/// nothing here: equal values still share an index value (the leak every deterministic index has, written
/// down in docs/data-classification.md). Resident and household references keep 128 bits because they are
/// unique keys: at 64 bits 11.5 million of them would collide with probability ~4e-6, at 128 bits never in practice.
/// </para>
/// The normalizer is injected: search-key normalization (NFKC, kana folding, variant kanji) is a domain rule
/// owned by <c>Senkyo.Domain</c>; the index only requires that equivalent inputs normalize to one string. A bulk caller
/// may also give a <see cref="SpanNormalizer"/> that writes the same key into a buffer, so the per-row keys of an
/// import cost no string; where it declines, the string normalizer decides.
/// </summary>
public sealed class BlindIndexer(KeyRing ring, Func<string, string> normalizer, SpanNormalizer? spanNormalizer = null)
{
    /// <summary>Characters of key normalized on the stack; a longer value takes the string path.</summary>
    private const int StackChars = 256;

    public BlindIndexer(KeyRing ring) : this(ring, DefaultNormalize) { }

    /// <summary>Fallback normalization: NFKC and no whitespace.</summary>
    public static string DefaultNormalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var nfkc = value.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(nfkc.Length);
        foreach (var ch in nfkc)
        {
            if (!char.IsWhiteSpace(ch))
            {
                sb.Append(ch);
            }
        }

        return sb.ToString();
    }

    /// <summary>The 64-bit index of <paramref name="value"/> under the active key of <paramref name="purpose"/>.</summary>
    public long Compute(KeyPurpose purpose, string value) => Compute(ring.Active(purpose), value);

    /// <summary>The index under every key version (newest first): a look-up during a key rotation tries them all.</summary>
    public IReadOnlyList<long> ComputeAllVersions(KeyPurpose purpose, string value)
    {
        var keys = ring.Versions(purpose);
        var values = new long[keys.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Compute(keys[i], value);
        }

        return values;
    }

    public long Compute(DataKey key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Compute(key, value, value);
    }

    /// <summary>The index of <paramref name="value"/> under <paramref name="key"/>: the same as <see cref="Compute(DataKey, string)"/> of its string.</summary>
    public long Compute(DataKey key, ReadOnlySpan<char> value) => Compute(key, value, null);

    /// <summary>
    /// The <see cref="KeyPurpose.KanaBirthIndex"/> of a kana name (surname and given name, joined as given) and a birth
    /// date: the same as <see cref="Compute(DataKey, string)"/> of <see cref="KanaBirthValue"/> of the normalized name,
    /// with no string made when the span normalizer takes the name.
    /// </summary>
    public long ComputeKanaBirth(DataKey key, ReadOnlySpan<char> surnameKana, ReadOnlySpan<char> givenNameKana, DateOnly birthDate)
    {
        var length = surnameKana.Length + givenNameKana.Length;
        if (length + BirthSuffix <= StackChars)
        {
            // Sized to the value: the stack is zeroed on every call, ~830,000 times an import.
            Span<char> name = stackalloc char[length];
            Span<char> value = stackalloc char[length + BirthSuffix];
            surnameKana.CopyTo(name);
            givenNameKana.CopyTo(name[surnameKana.Length..]);
            var n = Normalize(name, value);
            if (n >= 0)
            {
                WriteBirthSuffix(value[n..], birthDate);
                return Compute(key, value[..(n + BirthSuffix)]);
            }
        }

        return Compute(key, KanaBirthValue(normalizer(string.Concat(surnameKana, givenNameKana)), birthDate));
    }

    /// <summary>Compound value for <see cref="KeyPurpose.KanaBirthIndex"/>: normalized kana, unit separator, ISO date.</summary>
    public static string KanaBirthValue(string kanaName, DateOnly birthDate)
    {
        ArgumentNullException.ThrowIfNull(kanaName);
        return string.Create(kanaName.Length + BirthSuffix, (kanaName, birthDate), static (span, v) =>
        {
            v.kanaName.CopyTo(span);
            WriteBirthSuffix(span[v.kanaName.Length..], v.birthDate);
        });
    }

    public static string BirthValue(DateOnly birthDate) => birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A 128-bit reference for a unique external identifier (resident or household number).</summary>
    public byte[] Reference(string value) => Reference(ring.Active(KeyPurpose.ResidentReference), value);

    public byte[] Reference(DataKey key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Reference(key, value, value);
    }

    /// <summary>The 128-bit reference of <paramref name="value"/>: the same as <see cref="Reference(DataKey, string)"/> of its string.</summary>
    public byte[] Reference(DataKey key, ReadOnlySpan<char> value) => Reference(key, value, null);

    // One body per operation for strings and spans; a caller's string, when there is one, spares the string path a copy.
    private long Compute(DataKey key, ReadOnlySpan<char> value, string? text)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Purpose.IsBlindIndex())
        {
            throw new ArgumentOutOfRangeException(nameof(key), key.Purpose, "Not a blind-index key.");
        }

        Span<byte> mac = stackalloc byte[32];
        MacOfValue(key, value, text, mac);
        return BinaryPrimitives.ReadInt64BigEndian(mac);
    }

    private byte[] Reference(DataKey key, ReadOnlySpan<char> value, string? text)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> mac = stackalloc byte[32];
        MacOfValue(key, value, text, mac);
        return mac[..16].ToArray();
    }

    private void MacOfValue(DataKey key, ReadOnlySpan<char> value, string? text, Span<byte> mac)
    {
        Span<char> buffer = stackalloc char[Math.Min(value.Length, StackChars)];
        var n = Normalize(value, buffer);
        if (n < 0)
        {
            Mac(key, normalizer(text ?? value.ToString()), mac);
        }
        else
        {
            Mac(key, buffer[..n], mac);
        }
    }

    /// <summary>Characters <see cref="WriteBirthSuffix"/> writes: the unit separator and yyyy-MM-dd.</summary>
    private const int BirthSuffix = 11;

    private static void WriteBirthSuffix(Span<char> destination, DateOnly birthDate)
    {
        destination[0] = '\u001F';
        birthDate.TryFormat(destination[1..BirthSuffix], out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>The key of <paramref name="value"/> in <paramref name="destination"/>, or -1 when only the string normalizer can make it.</summary>
    private int Normalize(ReadOnlySpan<char> value, Span<char> destination) =>
        spanNormalizer is null || value.Length > destination.Length ? -1 : spanNormalizer(value, destination);

    private static void Mac(DataKey key, ReadOnlySpan<char> normalized, Span<byte> destination)
    {
        var max = Encoding.UTF8.GetMaxByteCount(normalized.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 512 ? stackalloc byte[max] : (rented = new byte[max]);
        var n = Encoding.UTF8.GetBytes(normalized, buffer);
        key.ComputeMac(buffer[..n], destination);

        if (rented is not null)
        {
            CryptographicOperations.ZeroMemory(rented);
        }
    }
}

/// <summary>
/// Writes the search key of <paramref name="value"/> into <paramref name="destination"/> and returns its length, or -1
/// when it declines (the key needs the string path); a key it writes must equal the string normalizer's.
/// </summary>
public delegate int SpanNormalizer(ReadOnlySpan<char> value, Span<char> destination);
