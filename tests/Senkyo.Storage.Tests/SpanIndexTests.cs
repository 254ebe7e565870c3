using System.Globalization;
using CsCheck;
using Senkyo.Domain.Text;
using Senkyo.Privacy.Indexing;
using Senkyo.Privacy.Keys;
using Senkyo.Storage.Import;

namespace Senkyo.Storage.Tests;

/// <summary>
/// The bulk import computes blind indexes from slices of the file's text through the domain normalizer's span form; every
/// other path (searches, change files) from strings. A value must index alike both ways, or a search would miss an
/// imported resident.
/// </summary>
public sealed class SpanIndexTests
{
    private static readonly Gen<string> Text = Gen.OneOf(
            Gen.Char['\u3041', '\u3096'].Select(c => c.ToString()),
            Gen.Char['\u30A1', '\u30FC'].Select(c => c.ToString()),
            Gen.Char['\uFF61', '\uFF9D'].Select(c => c + "\uFF9E"),
            Gen.Char['\u4E00', '\u9FFF'].Select(c => c.ToString()),
            Gen.OneOf<string>(" ", "\u3000", "-", "a", "Ａ", "1", "１", "ー", "・", "髙", "﨑", "齋", "𠮷", "\U000E0100", "\uFE00", "㈱", "\u2212"))
        .Array[0, 10]
        .Select(parts => string.Concat(parts));

    [Fact]
    public void Span_and_string_paths_give_the_same_indexes_references_and_kana_birth_values()
    {
        using var keys = new TestKeys();
        var normalizer = SearchKeyNormalizer.Default;
        var indexer = keys.Indexer;
        var kana = keys.Ring.Active(KeyPurpose.KanaNameIndex);
        var kanaBirth = keys.Ring.Active(KeyPurpose.KanaBirthIndex);
        var reference = keys.Ring.Active(KeyPurpose.ResidentReference);
        Gen.Select(Text, Text, Gen.Date[new DateTime(1900, 1, 1), new DateTime(2026, 12, 31)]).Sample((surname, given, day) =>
        {
            var birth = DateOnly.FromDateTime(day);
            Assert.Equal(indexer.Compute(kana, surname + given), indexer.Compute(kana, (surname + given).AsSpan()));
            Assert.Equal(indexer.Reference(reference, surname), indexer.Reference(reference, surname.AsSpan()));
            Assert.Equal(
                indexer.Compute(kanaBirth, BlindIndexer.KanaBirthValue(normalizer.Normalize(surname + given), birth)),
                indexer.ComputeKanaBirth(kanaBirth, surname, given, birth));
        }, iter: 5_000);

        // Longer than the stack buffers: the string path decides.
        var longName = string.Concat(Enumerable.Repeat("ヤマダ", 120));
        Assert.Equal(indexer.Compute(kana, longName), indexer.Compute(kana, longName.AsSpan()));
        Assert.Equal(
            indexer.Compute(kanaBirth, BlindIndexer.KanaBirthValue(normalizer.Normalize(longName + "タロウ"), new DateOnly(1980, 1, 2))),
            indexer.ComputeKanaBirth(kanaBirth, longName, "タロウ", new DateOnly(1980, 1, 2)));
    }

    [Fact]
    public void The_imports_memo_gives_the_string_paths_values_through_the_span_normalizer()
    {
        using var keys = new TestKeys();
        var plain = keys.StringIndexer;
        var repeated = new RepeatedIndexes(keys.Indexer, keys.Ring);
        Text.Array[1, 50].Sample(values => Parallel.ForEach(values, v =>
        {
            Assert.Equal(plain.Compute(KeyPurpose.KanaSurnameIndex, v), repeated.KanaSurname.Compute(v));
            Assert.Equal(plain.Compute(KeyPurpose.KanjiSurnameIndex, v), repeated.KanjiSurname.Compute(v));
        }), iter: 50);
        var day = new DateOnly(1975, 3, 31);
        var value = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(plain.Compute(KeyPurpose.BirthDateIndex, value), repeated.Birth.Compute(day, value));
    }
}
