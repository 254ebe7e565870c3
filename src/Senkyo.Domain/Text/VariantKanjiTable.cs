using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Senkyo.Domain.Text;

/// <summary>
/// Variant-kanji folding (異体字の縮退) derived from the MJ縮退マップ (IPA, CC BY-SA 2.1 JP) by
/// tools/mj-folding and embedded as <c>Data/variant-kanji-folding.tsv</c>. Every target is final
/// (folding twice changes nothing) and lies in the Basic Multilingual Plane, so folding never
/// lengthens a string.
/// </summary>
public sealed class VariantKanjiTable
{
    private const string ResourceName = "Senkyo.Domain.Data.variant-kanji-folding.tsv";
    private static readonly Lazy<VariantKanjiTable> Embedded = new(LoadEmbedded);

    // BMP sources index a dense array (one load per character on the hot path); the
    // supplementary sources (CJK Extension B and later, e.g. 𠮷) sit in a frozen dictionary.
    private readonly char[] _bmp;
    private readonly FrozenDictionary<int, char> _supplementary;

    private VariantKanjiTable(char[] bmp, FrozenDictionary<int, char> supplementary, int count)
    {
        _bmp = bmp;
        _supplementary = supplementary;
        Count = count;
    }

    /// <summary>The table shipped in Senkyo.Domain.</summary>
    public static VariantKanjiTable Default => Embedded.Value;

    public int Count { get; }

    /// <summary>The folded form of a BMP character, or the character itself.</summary>
    public char Fold(char c)
    {
        var folded = _bmp[c];
        return folded == '\0' ? c : folded;
    }

    /// <summary>The folded form of a supplementary code point, or '\0' when it has none.</summary>
    public char FoldSupplementary(int codePoint) => _supplementary.TryGetValue(codePoint, out var folded) ? folded : '\0';

    /// <summary>Parses the TSV: comment lines start with '#', data lines are "source TAB folded".</summary>
    public static VariantKanjiTable Parse(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var bmp = new char[char.MaxValue + 1];
        var supplementary = new Dictionary<int, char>();
        var count = 0;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0)
            {
                throw Bad(sourceName, lineNumber, "expected 'source<TAB>folded'");
            }

            var source = SingleCodePoint(line.AsSpan(0, tab), sourceName, lineNumber, "source");
            var target = SingleCodePoint(line.AsSpan(tab + 1), sourceName, lineNumber, "folded");
            if (target > char.MaxValue)
            {
                throw Bad(sourceName, lineNumber, $"folded U+{target:X} is outside the BMP; folding must never lengthen a key");
            }

            if (source <= char.MaxValue)
            {
                bmp[source] = (char)target;
            }
            else
            {
                supplementary[source] = (char)target;
            }

            count++;
        }

        return new VariantKanjiTable(bmp, supplementary.ToFrozenDictionary(), count);
    }

    private static int SingleCodePoint(ReadOnlySpan<char> field, string sourceName, int line, string name)
    {
        if (Rune.DecodeFromUtf16(field, out var rune, out var used) != System.Buffers.OperationStatus.Done || used != field.Length)
        {
            throw Bad(sourceName, line, $"field '{name}' must be exactly one character");
        }

        return rune.Value;
    }

    private static InvalidDataException Bad(string sourceName, int line, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{sourceName}: line {line}: {message}"));

    private static VariantKanjiTable LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from Senkyo.Domain.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader, ResourceName);
    }
}
