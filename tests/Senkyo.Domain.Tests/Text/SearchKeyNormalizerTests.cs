using CsCheck;
using Senkyo.Domain.Text;

namespace Senkyo.Domain.Tests.Text;

public sealed class SearchKeyNormalizerTests
{
    private static readonly SearchKeyNormalizer Normalizer = SearchKeyNormalizer.Default;

    [Theory]
    [InlineData("ヤマダ", "やまだ")]
    [InlineData("ヤマダ", "ﾔﾏﾀﾞ")]
    [InlineData("ヤマダ タロウ", "やまだ　たろう")]
    [InlineData("高橋", "髙橋")]
    [InlineData("斎藤", "齋藤")]
    [InlineData("斉藤", "齊藤")]
    [InlineData("山崎", "山﨑")]
    [InlineData("渡辺", "渡邊")]
    [InlineData("渡辺", "渡邉")]
    [InlineData("吉田", "𠮷田")]
    [InlineData("葛飾", "葛\U000E0100飾")] // ideographic variation sequence (IVS) equals its base
    [InlineData("辻", "辻\U000E0101")]
    [InlineData("神", "神\uFE00")] // standardized variation sequence
    [InlineData("キョウコ", "きょうこ")]
    [InlineData("キョウコ", "キヨウコ")] // small kana are written large on many old records
    [InlineData("ミツコ", "みっこ")]
    [InlineData("ハジメ", "はぢめ")]
    [InlineData("ミカズキ", "みかづき")]
    [InlineData("ヴント", "ブント")]
    [InlineData("ゔぃくとる", "ブイクトル")]
    [InlineData("ジョーンズ", "ジョンズ")]
    [InlineData("ｼﾞｮｰﾝｽﾞ", "ジョンズ")]
    [InlineData("SMITH JOHN", "ｓｍｉｔｈ　ｊｏｈｎ")]
    [InlineData("ジョン・スミス", "ジョンスミス")]
    [InlineData("バラ", "ハ゛ラ")] // spacing dakuten typed after the kana
    [InlineData("パン", "ハ\u309Aン")]
    [InlineData("ガ", "か\u3099")]
    public void Equivalent_spellings_have_the_same_key(string a, string b)
    {
        Assert.Equal(Normalizer.Normalize(a), Normalizer.Normalize(b));
        Assert.True(Normalizer.AreEquivalent(a, b));
    }

    [Theory]
    [InlineData("斎藤", "斉藤")] // different characters, not glyph variants: only a policy merges them
    [InlineData("島田", "嶋田X")]
    [InlineData("サトウ", "サトオ")]
    [InlineData("ヤマダ", "ヤマタ")]
    public void Different_names_keep_different_keys(string a, string b) =>
        Assert.NotEqual(Normalizer.Normalize(a), Normalizer.Normalize(b));

    [Fact]
    public void The_sai_policy_option_merges_斉_and_斎()
    {
        var merged = new SearchKeyNormalizer(SearchKeyOptions.Default with { TreatSaiAsOne = true });
        Assert.Equal(merged.Normalize("斎藤"), merged.Normalize("斉藤"));
        Assert.Equal(merged.Normalize("齋藤"), merged.Normalize("齊藤"));
        Assert.Equal("斎藤", merged.Normalize("齊藤"));
    }

    [Theory]
    [InlineData("やまだ　たろう", "ヤマダタロウ")]
    [InlineData("髙橋 一郎", "高橋一郎")]
    [InlineData("𠮷田", "吉田")]
    [InlineData("ｻﾄｳ", "サトウ")]
    [InlineData("サトー", "サト")]
    [InlineData("ヲノ", "オノ")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("①丁目", "1丁目")]
    public void Normalizes_to_the_expected_key(string input, string expected) =>
        Assert.Equal(expected, Normalizer.Normalize(input));

    [Theory]
    [InlineData(LongVowelHandling.Keep, "サトー", "サトー")]
    [InlineData(LongVowelHandling.Remove, "サトー", "サト")]
    [InlineData(LongVowelHandling.ToVowel, "サトー", "サトオ")]
    [InlineData(LongVowelHandling.ToVowel, "オーノ", "オオノ")]
    [InlineData(LongVowelHandling.ToVowel, "ｵｰﾉ", "オオノ")]
    [InlineData(LongVowelHandling.Keep, "サト-", "サトー")] // a hyphen after kana is a long-vowel mark typed on a keyboard
    [InlineData(LongVowelHandling.Keep, "A-1", "A-1")]
    public void Long_vowel_handling_follows_the_option(LongVowelHandling handling, string input, string expected)
    {
        var normalizer = new SearchKeyNormalizer(SearchKeyOptions.Default with { LongVowel = handling });
        Assert.Equal(expected, normalizer.Normalize(input));
    }

    [Fact]
    public void Same_sound_folding_can_be_turned_off()
    {
        var strict = new SearchKeyNormalizer(SearchKeyOptions.Default with { FoldSameSoundKana = false });
        Assert.Equal("ハヂメ", strict.Normalize("はぢめ"));
        Assert.NotEqual(strict.Normalize("はぢめ"), strict.Normalize("はじめ"));
    }

    [Fact]
    public void Variant_kanji_folding_can_be_turned_off()
    {
        var strict = new SearchKeyNormalizer(SearchKeyOptions.Default with { FoldVariantKanji = false });
        Assert.Equal("髙橋", strict.Normalize("髙橋"));
        Assert.Equal("𠮷田", strict.Normalize("𠮷田"));
    }

    [Fact]
    public void The_key_is_a_value_compared_ordinally()
    {
        Assert.Equal(Normalizer.Key("やまだ"), Normalizer.Key("ﾔﾏﾀﾞ"));
        Assert.Equal("ヤマダ", Normalizer.Key("やまだ").ToString());
    }

    private static readonly Gen<string> JapaneseText = Gen.OneOf(
            Gen.Char['\u3041', '\u3096'].Select(c => c.ToString()),
            Gen.Char['\u30A1', '\u30FF'].Select(c => c.ToString()),
            Gen.Char['\uFF61', '\uFF9F'].Select(c => c.ToString()),
            Gen.Char['\uFF61', '\uFF9D'].Select(c => c + "\uFF9E"),
            Gen.Int[0x20000, 0x2FA1F].Select(char.ConvertFromUtf32),
            Gen.Char['\u4E00', '\u9FFF'].Select(c => c.ToString()),
            Gen.Char['\uFE00', '\uFE0F'].Select(c => c.ToString()),
            Gen.Char['\u3099', '\u309C'].Select(c => c.ToString()),
            Gen.OneOf<string>(" ", "\u3000", "-", "a", "Ａ", "1", "１", "ー", "・", "髙", "﨑", "邊", "齋", "齊", "斉", "𠮷", "\U000E0100", "\U00020000", "\U0002A6D6", "\u2212", "\uF900"))
        .Array[0, 12]
        .Select(parts => string.Concat(parts));

    [Fact]
    public void Normalizing_twice_changes_nothing() =>
        JapaneseText.Sample(text =>
        {
            var once = Normalizer.Normalize(text);
            Assert.Equal(once, Normalizer.Normalize(once));
        }, iter: 20_000);

    [Fact]
    public void Normalizing_twice_changes_nothing_under_every_option() =>
        Gen.Select(JapaneseText, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Enum<LongVowelHandling>()).Sample((text, sameSound, kanji, sai, longVowel) =>
        {
            var normalizer = new SearchKeyNormalizer(new SearchKeyOptions
            {
                FoldSameSoundKana = sameSound,
                FoldVariantKanji = kanji,
                TreatSaiAsOne = sai,
                LongVowel = longVowel,
            });
            var once = normalizer.Normalize(text);
            Assert.Equal(once, normalizer.Normalize(once));
        }, iter: 5_000);

    [Fact]
    public void The_fast_path_agrees_with_ICU_NFKC() =>
        JapaneseText.Where(text => text.IndexOfAny(['\u309B', '\u309C']) < 0).Sample(text =>
            Assert.Equal(Normalizer.Normalize(text.Normalize(System.Text.NormalizationForm.FormKC)), Normalizer.Normalize(text)), iter: 20_000);

    [Theory]
    [InlineData("ｶﾞｯｺｳ", "ガツコウ")]
    [InlineData("ﾊﾟﾋﾟﾌﾟ", "パピプ")]
    [InlineData("ｳﾞｨ", "ブイ")]
    [InlineData("ｱﾞ", "ア\u3099")] // no precomposed form: NFKC leaves the combining mark, and so do we
    [InlineData("｢ｱ｣", "「ア」")]
    [InlineData("\U0002A6D6田", "\U0002A6D6田")]
    [InlineData("\U0002F800", "丽")] // a compatibility ideograph: NFKC folds it
    public void Half_width_kana_and_supplementary_kanji(string input, string expected) =>
        Assert.Equal(expected, new SearchKeyNormalizer(SearchKeyOptions.Default with { FoldVariantKanji = false }).Normalize(input));

    private static readonly Gen<string> Kana = Gen.Char['\u3041', '\u3093'].Array[1, 10].Select(chars => new string(chars));

    [Fact]
    public void Hiragana_katakana_and_half_width_katakana_give_one_key() =>
        Kana.Sample(hiragana =>
        {
            var katakana = new string(hiragana.Select(c => (char)(c + 0x60)).ToArray());
            var halfWidth = katakana.Normalize(System.Text.NormalizationForm.FormKC); // NFKC never narrows: build half-width by table
            Assert.Equal(Normalizer.Normalize(hiragana), Normalizer.Normalize(katakana));
            Assert.Equal(Normalizer.Normalize(katakana), Normalizer.Normalize(ToHalfWidth(katakana)));
            Assert.Equal(Normalizer.Normalize(katakana), Normalizer.Normalize(halfWidth));
        });

    [Fact]
    public void Small_and_large_kana_give_one_key() =>
        Kana.Sample(hiragana =>
        {
            var large = Normalizer.Normalize(hiragana);
            var smalled = new string(hiragana.Select(c => c switch
            {
                'あ' or 'い' or 'う' or 'え' or 'お' or 'つ' or 'や' or 'ゆ' or 'よ' or 'わ' => (char)(c - 1),
                _ => c,
            }).ToArray());
            Assert.Equal(large, Normalizer.Normalize(smalled));
        });

    [Fact]
    public void Spaces_never_matter() =>
        Gen.Select(Kana, Gen.Int[0, 10], Gen.OneOf<string>(" ", "\u3000", "\t", "  ")).Sample((text, at, space) =>
        {
            var position = Math.Min(at, text.Length);
            Assert.Equal(Normalizer.Normalize(text), Normalizer.Normalize(text.Insert(position, space)));
        });

    [Fact]
    public void Long_text_beyond_the_stack_buffer_is_handled()
    {
        var text = string.Concat(Enumerable.Repeat("やまだ　髙橋𠮷", 100));
        Assert.Equal(string.Concat(Enumerable.Repeat("ヤマダ高橋吉", 100)), Normalizer.Normalize(text));
    }

    [Fact]
    public void A_lone_surrogate_is_reported_with_its_position()
    {
        // Half a pair is malformed input: the importer must name it, never store a silently altered key.
        var error = Assert.Throws<ArgumentException>(() => Normalizer.Normalize("あ\uD842い"));
        Assert.Contains("U+D842 at position 1", error.Message, StringComparison.Ordinal);
    }

    private static string ToHalfWidth(string katakana)
    {
        const string full = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォッャュョー";
        const string half = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｯｬｭｮｰ";
        var builder = new System.Text.StringBuilder();
        foreach (var c in katakana)
        {
            var index = full.IndexOf(c, StringComparison.Ordinal);
            if (index >= 0)
            {
                builder.Append(half[index]);
                continue;
            }

            var decomposed = c.ToString().Normalize(System.Text.NormalizationForm.FormD);
            if (decomposed.Length == 2 && full.IndexOf(decomposed[0], StringComparison.Ordinal) is var baseIndex and >= 0)
            {
                builder.Append(half[baseIndex]).Append(decomposed[1] == '\u3099' ? 'ﾞ' : 'ﾟ');
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    [Fact]
    public void The_span_form_writes_the_string_forms_key_or_declines_for_text_that_needs_ICU()
    {
        int written = 0, declined = 0;
        JapaneseText.Sample(text =>
        {
            Span<char> buffer = stackalloc char[64];
            var n = Normalizer.TryNormalize(text, buffer);
            if (n >= 0)
            {
                written++;
                Assert.Equal(Normalizer.Normalize(text), buffer[..n].ToString());
            }
            else
            {
                declined++;
            }
        }, iter: 20_000, threads: 1);

        // Both paths are exercised: kana, kanji and ASCII are written, full-width forms and compatibility kanji declined.
        Assert.True(written > 1_000 && declined > 1_000, $"{written} written, {declined} declined");
        Assert.Equal(-1, Normalizer.TryNormalize("ヤマダ", stackalloc char[2]));
        Assert.Equal(-1, Normalizer.TryNormalize("㈱ヤマダ", stackalloc char[16]));
    }
}
