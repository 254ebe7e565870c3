using System.Buffers;
using System.Globalization;
using System.Text;

namespace Senkyo.Domain.Text;

/// <summary>
/// Search-key normalization of Japanese names and addresses (検索キーの正規化): NFKC → strip
/// variation selectors (異体字セレクタ U+FE00–FE0F, U+E0100–E01EF) → hiragana to katakana → small
/// kana to large → (option) ヂ→ジ ヅ→ズ ヲ→オ ヴ→ブ → long-vowel handling → variant-kanji folding
/// (MJ縮退マップ) → no spaces. Culture-aware comparison is for display sorting only; keys built
/// here are compared ordinally and feed the blind indexes.
/// </summary>
/// <remarks>
/// It runs for every resident at import (several fields each), so it allocates only the result
/// string, and skips ICU's NFKC for text that NFKC cannot change (ASCII, kana, unified kanji).
/// Instances are immutable and safe to share between threads.
/// </remarks>
public sealed class SearchKeyNormalizer
{
    private const int StackLimit = 256;

    // Vowel of each katakana U+30A1–U+30FA, for LongVowelHandling.ToVowel; '-' has none (ン).
    private const string KatakanaVowels =
        "aaiiuueeoo" + "aaiiuueeoo" + "aaiiuueeoo" + "aaiiuuueeoo" + "aiueo" + "aaaiiiuuueeeooo" +
        "aiueo" + "aauuoo" + "aiueo" + "aa" + "ieo-uaeaieo";

    // Small katakana extension U+31F0–U+31FF (ㇰㇱㇲ…, used for Ainu) to their full-size forms.
    private const string SmallKatakanaExtension = "クシストヌハヒフヘホムラリルレロ";

    // Half-width katakana and punctuation U+FF61–U+FF9D as NFKC maps them (半角カナ, common in legacy resident data).
    private const string HalfWidthKana =
        "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

    private readonly SearchKeyOptions _options;
    private readonly VariantKanjiTable _table;

    public SearchKeyNormalizer(SearchKeyOptions options, VariantKanjiTable? table = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _table = table ?? VariantKanjiTable.Default;
    }

    /// <summary>The normalizer with <see cref="SearchKeyOptions.Default"/> and the embedded MJ table.</summary>
    public static SearchKeyNormalizer Default { get; } = new(SearchKeyOptions.Default);

    public SearchKeyOptions Options => _options;

    /// <summary>The search key of <paramref name="text"/>.</summary>
    public SearchKey Key(string text) => new(Normalize(text));

    /// <summary>Whether two texts have the same search key.</summary>
    public bool AreEquivalent(string a, string b) => string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);

    /// <summary>The normalized form of <paramref name="text"/> (empty for null or blank input).</summary>
    /// <exception cref="ArgumentException">The text is malformed UTF-16 (an unpaired surrogate).</exception>
    public string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (IsNfkcStable(text))
        {
            return Transform(text);
        }

        var result = Transform(Nfkc(text));

        // Removing a space or a variation selector can bring a combining mark next to a new base
        // (カ ゛ → カ\u3099), which NFKC would then compose. Repeat until nothing changes so that
        // normalizing a key again always gives the same key.
        for (var round = 0; round < 4 && ContainsCombiningMark(result); round++)
        {
            var again = Transform(Nfkc(result));
            if (string.Equals(again, result, StringComparison.Ordinal))
            {
                break;
            }

            result = again;
        }

        return result;
    }

    /// <summary>
    /// Writes the normalized form of <paramref name="text"/> into <paramref name="destination"/> without allocating and
    /// returns its length, when that form is <see cref="Normalize(string)"/>'s without ICU (text NFKC cannot change);
    /// otherwise, or when <paramref name="destination"/> is shorter than the text, returns -1 and the caller takes
    /// <see cref="Normalize(string)"/>. The bulk import computes a handful of keys for every resident of a city.
    /// </summary>
    public int TryNormalize(ReadOnlySpan<char> text, Span<char> destination)
    {
        // The key is never longer than the text: each character gives at most one (a surrogate pair at most two).
        if (destination.Length < text.Length || !IsNfkcStable(text))
        {
            return -1;
        }

        return Transform(text, destination);
    }

    private static string Nfkc(string text)
    {
        // The spacing sound marks ゛゜ decompose under NFKC to a space plus the combining mark;
        // as combining marks they compose with the kana before them (ハ゛ → バ), which is what
        // a person typing them meant.
        if (text.AsSpan().IndexOfAny('\u309B', '\u309C') >= 0)
        {
            text = text.Replace('\u309B', '\u3099').Replace('\u309C', '\u309A');
        }

        try
        {
            return text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException e)
        {
            // Only malformed UTF-16 (an unpaired surrogate) gets here: bad input the caller must report.
            var at = IndexOfUnpairedSurrogate(text);
            throw new ArgumentException($"Text is not valid Unicode: unpaired surrogate U+{(int)text[Math.Max(at, 0)]:X4} at position {at}.", nameof(text), e);
        }
    }

    private static int IndexOfUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// True when NFKC cannot change the text beyond what <see cref="Transform(ReadOnlySpan{char}, Span{char})"/>
    /// does itself (ASCII, kana, unified kanji incl. the supplementary planes, half-width kana whose
    /// sound marks compose), so ICU need not be asked.
    /// </summary>
    private static bool IsNfkcStable(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var stable = c < 0x80
                || c is (>= '\u3041' and <= '\u3096') or '\u309D' or '\u309E' or (>= '\u30A1' and <= '\u30FE') or '\u3005'
                || c is (>= '\u4E00' and <= '\u9FFF') or (>= '\uFE00' and <= '\uFE0F') or (>= '\uFF61' and <= '\uFF9D')
                || (c is '\uFF9E' or '\uFF9F' && i > 0 && text[i - 1] is >= '\uFF61' and <= '\uFF9D' && ComposeSoundMark(HalfWidthKana[text[i - 1] - '\uFF61'], c) != '\0')
                // U+20000–U+2F7FF (CJK extensions B–F, I): no decompositions; U+2F800 on are compatibility ideographs.
                || (c is >= '\uD840' and <= '\uD87D' && i + 1 < text.Length && char.IsLowSurrogate(text[++i]));
            if (!stable)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The kana with a half-width sound mark (ﾞ U+FF9E, ﾟ U+FF9F) composed as NFKC composes it, or '\0'.</summary>
    private static char ComposeSoundMark(char kana, char mark)
    {
        if (mark == '\uFF9F')
        {
            return kana is 'ハ' or 'ヒ' or 'フ' or 'ヘ' or 'ホ' ? (char)(kana + 2) : '\0';
        }

        return kana switch
        {
            'カ' or 'キ' or 'ク' or 'ケ' or 'コ' or 'サ' or 'シ' or 'ス' or 'セ' or 'ソ' or 'タ' or 'チ' or 'ツ' or 'テ' or 'ト' => (char)(kana + 1),
            'ハ' or 'ヒ' or 'フ' or 'ヘ' or 'ホ' => (char)(kana + 1),
            'ウ' => 'ヴ',
            'ワ' => 'ヷ',
            'ヲ' => 'ヺ',
            _ => '\0',
        };
    }

    private static bool ContainsCombiningMark(string text)
    {
        foreach (var c in text)
        {
            if (c >= 0x300 && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                return true;
            }
        }

        return false;
    }

    private string Transform(string text)
    {
        char[]? rented = null;
        var buffer = text.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(text.Length));
        try
        {
            var length = Transform(text, buffer);
            var written = buffer[..length];
            return written.SequenceEqual(text) ? text : new string(written);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private int Transform(ReadOnlySpan<char> text, Span<char> output)
    {
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[i + 1]);
                i++;
                if (codePoint is >= 0xE0100 and <= 0xE01EF)
                {
                    continue; // variation selector supplement (IVS)
                }

                var folded = _options.FoldVariantKanji ? _table.FoldSupplementary(codePoint) : '\0';
                if (folded != '\0')
                {
                    output[n++] = ApplySaiPolicy(folded);
                }
                else
                {
                    output[n++] = c;
                    output[n++] = text[i];
                }

                continue;
            }

            if (c < 0x80)
            {
                if (c <= ' ' || c == '\u007F')
                {
                    continue; // spaces and control characters
                }

                if (c == '-' && n > 0 && IsKatakana(output[n - 1]))
                {
                    n = LongVowel(output, n);
                    continue;
                }

                output[n++] = c is >= 'a' and <= 'z' ? (char)(c - 0x20) : c;
                continue;
            }

            if (c is >= '\uFF61' and <= '\uFF9D')
            {
                // Half-width kana reach here only on the fast path, where every sound mark composes.
                c = HalfWidthKana[c - '\uFF61'];
                if (i + 1 < text.Length && text[i + 1] is '\uFF9E' or '\uFF9F')
                {
                    c = ComposeSoundMark(c, text[++i]);
                }
            }

            if (c is >= '\u3041' and <= '\u3096')
            {
                c = (char)(c + 0x60); // hiragana → katakana
            }
            else if (c is '\u309D' or '\u309E')
            {
                c = (char)(c + 0x60); // ゝゞ → ヽヾ
            }

            if (c is >= '\u30A1' and <= '\u30FA')
            {
                output[n++] = Katakana(c);
                continue;
            }

            switch (c)
            {
                case '\u30FC':
                    n = LongVowel(output, n);
                    continue;
                case '\u30FB' when _options.RemoveMiddleDot:
                    continue;
                case >= '\u31F0' and <= '\u31FF':
                    output[n++] = SmallKatakanaExtension[c - '\u31F0'];
                    continue;
                case >= '\uFE00' and <= '\uFE0F':
                    continue; // variation selectors
                case '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF':
                    continue; // zero-width spaces and joiners: invisible, never meant
                case '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' when n > 0 && IsKatakana(output[n - 1]):
                    n = LongVowel(output, n);
                    continue;
                default:
                    break;
            }

            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            output[n++] = _options.FoldVariantKanji ? ApplySaiPolicy(_table.Fold(c)) : ApplySaiPolicy(c);
        }

        return n;
    }

    private char ApplySaiPolicy(char c) => _options.TreatSaiAsOne && c == '斉' ? '斎' : c;

    private char Katakana(char c)
    {
        switch (c)
        {
            case 'ァ' or 'ィ' or 'ゥ' or 'ェ' or 'ォ' or 'ッ' or 'ャ' or 'ュ' or 'ョ' or 'ヮ':
                return (char)(c + 1);
            case 'ヵ':
                return 'カ';
            case 'ヶ':
                return 'ケ';
            default:
                break;
        }

        if (!_options.FoldSameSoundKana)
        {
            return c;
        }

        return c switch
        {
            'ヂ' => 'ジ',
            'ヅ' => 'ズ',
            'ヲ' => 'オ',
            'ヴ' => 'ブ',
            'ヷ' => 'バ',
            'ヸ' => 'ビ',
            'ヹ' => 'ベ',
            'ヺ' => 'ボ',
            _ => c,
        };
    }

    private int LongVowel(Span<char> output, int n)
    {
        switch (_options.LongVowel)
        {
            case LongVowelHandling.Keep:
                output[n++] = 'ー';
                break;
            case LongVowelHandling.ToVowel when n > 0 && output[n - 1] is >= '\u30A1' and <= '\u30FA':
                var vowel = KatakanaVowels[output[n - 1] - '\u30A1'];
                var kana = vowel switch { 'a' => 'ア', 'i' => 'イ', 'u' => 'ウ', 'e' => 'エ', 'o' => 'オ', _ => '\0' };
                if (kana != '\0')
                {
                    output[n++] = kana;
                }

                break;
            default:
                break;
        }

        return n;
    }

    private static bool IsKatakana(char c) => c is >= '\u30A1' and <= '\u30FC';
}

/// <summary>A normalized search key (検索キー): compare ordinally, never culture-aware.</summary>
public readonly record struct SearchKey(string Value)
{
    public override string ToString() => Value ?? string.Empty;
}
