using System.Text;
using CsCheck;
using Senkyo.Privacy.Indexing;
using Senkyo.Privacy.Keys;

namespace Senkyo.Privacy.Tests;

public sealed class BlindIndexTests
{
    private static readonly Gen<string> Kana = Gen.String[Gen.Char["アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"], 1, 12];

    // Test normalizer standing in for Senkyo.Domain.Text: fold hiragana to katakana, then the default.
    private static string FoldingNormalizer(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c is >= '\u3041' and <= '\u3096' ? (char)(c + 0x60) : c);
        }

        return BlindIndexer.DefaultNormalize(sb.ToString());
    }

    private static string ToHiragana(string katakana) =>
        new([.. katakana.Select(c => c is >= '\u30A1' and <= '\u30F6' ? (char)(c - 0x60) : c)]);

    private static string ToHalfWidthWithSpaces(string katakana) =>
        " " + katakana.Normalize(NormalizationForm.FormKC) + "\u3000";

    [Fact]
    public void Equivalent_inputs_under_the_injected_normalizer_give_equal_indexes()
    {
        using var ring = TestKeys.NewRing();
        var indexer = new BlindIndexer(ring, FoldingNormalizer);
        Kana.Sample(kana =>
        {
            var expected = indexer.Compute(KeyPurpose.KanaNameIndex, kana);
            Assert.Equal(expected, indexer.Compute(KeyPurpose.KanaNameIndex, ToHiragana(kana)));
            Assert.Equal(expected, indexer.Compute(KeyPurpose.KanaNameIndex, ToHalfWidthWithSpaces(kana)));
            Assert.Equal(expected, indexer.Compute(KeyPurpose.KanaNameIndex, kana[..(kana.Length / 2)] + " " + kana[(kana.Length / 2)..]));
        }, iter: 300);
    }

    [Fact]
    public void Default_normalizer_folds_width_and_spaces()
    {
        using var ring = TestKeys.NewRing();
        var indexer = new BlindIndexer(ring);
        Assert.Equal(indexer.Compute(KeyPurpose.KanaNameIndex, "ヤマダ タロウ"), indexer.Compute(KeyPurpose.KanaNameIndex, "ﾔﾏﾀﾞﾀﾛｳ"));
        Assert.Equal(indexer.Compute(KeyPurpose.KanjiNameIndex, "山田　太郎"), indexer.Compute(KeyPurpose.KanjiNameIndex, "山田太郎"));
    }

    [Fact]
    public void Different_values_and_different_index_keys_give_different_indexes()
    {
        using var ring = TestKeys.NewRing();
        var indexer = new BlindIndexer(ring);
        Gen.Select(Kana, Kana).Where((a, b) => a != b).Sample((a, b) =>
        {
            Assert.NotEqual(indexer.Compute(KeyPurpose.KanaNameIndex, a), indexer.Compute(KeyPurpose.KanaNameIndex, b));
            // One value in two indexes must not link: each index has its own key.
            Assert.NotEqual(indexer.Compute(KeyPurpose.KanaNameIndex, a), indexer.Compute(KeyPurpose.KanjiNameIndex, a));
        }, iter: 300);
    }

    [Fact]
    public void Another_store_computes_other_indexes_for_the_same_value()
    {
        using var a = TestKeys.NewRing();
        using var b = TestKeys.NewRing();
        Assert.NotEqual(new BlindIndexer(a).Compute(KeyPurpose.BirthDateIndex, "1980-01-02"), new BlindIndexer(b).Compute(KeyPurpose.BirthDateIndex, "1980-01-02"));
    }

    [Fact]
    public void During_rotation_all_versions_are_offered_newest_first()
    {
        using var master = MasterKey.Generate();
        var (ring, _) = KeyRing.CreateNew("s", master, TimeProvider.System);
        using (ring)
        {
            var indexer = new BlindIndexer(ring);
            var before = indexer.Compute(KeyPurpose.KanaNameIndex, "ヤマダ");
            ring.AddVersion(master, KeyPurpose.KanaNameIndex);
            var all = indexer.ComputeAllVersions(KeyPurpose.KanaNameIndex, "ヤマダ");
            Assert.Equal(2, all.Count);
            Assert.Equal(before, all[1]);
            Assert.Equal(indexer.Compute(KeyPurpose.KanaNameIndex, "ヤマダ"), all[0]);
        }
    }

    [Fact]
    public void Resident_references_are_128_bits_and_deterministic()
    {
        using var ring = TestKeys.NewRing();
        var indexer = new BlindIndexer(ring);
        var r = indexer.Reference("12345678901");
        Assert.Equal(16, r.Length);
        Assert.Equal(r, indexer.Reference("12345678901"));
        Assert.NotEqual(r, indexer.Reference("12345678902"));
    }
}
