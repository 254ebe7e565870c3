namespace Senkyo.Domain.Text;

/// <summary>How the long-vowel mark ー (長音符) is treated in a search key.</summary>
public enum LongVowelHandling
{
    /// <summary>ー stays: サトー ≠ サトウ ≠ サト.</summary>
    Keep,

    /// <summary>ー is dropped: ジョーンズ = ジョンズ. The default, because ー is entered or omitted inconsistently in foreign names.</summary>
    Remove,

    /// <summary>ー becomes the vowel of the kana before it: オーノ = オオノ, サトー = サトオ.</summary>
    ToVowel,
}

/// <summary>
/// Policy of a search key (検索キーの正規化方針). The glyph rules (NFKC, variation selectors,
/// kana width and case, variant kanji from the MJ縮退マップ) always apply; what is a matter of
/// search policy rather than of glyphs is an option here.
/// </summary>
public sealed record SearchKeyOptions
{
    /// <summary>The options used for the register's name look-ups.</summary>
    public static SearchKeyOptions Default { get; } = new();

    /// <summary>ヂ→ジ, ヅ→ズ, ヲ→オ, ヴ→ブ (and ヷ→バ, ヸ→ビ, ヹ→ベ, ヺ→ボ): the same sound, spelt either way in kana names.</summary>
    public bool FoldSameSoundKana { get; init; } = true;

    public LongVowelHandling LongVowel { get; init; } = LongVowelHandling.Remove;

    /// <summary>Fold variant kanji (異体字) to one form by the table derived from the MJ縮退マップ: 髙→高, 﨑→崎, 邊→辺, 齋→斎, 齊→斉.</summary>
    public bool FoldVariantKanji { get; init; } = true;

    /// <summary>
    /// Treat 斉 and 斎 as one (斉→斎). They are different characters, not glyph variants, so the
    /// MJ map keeps them apart; many offices search 斉藤/斎藤 as one name, which is a policy choice.
    /// </summary>
    public bool TreatSaiAsOne { get; init; }

    /// <summary>Drop the middle dot ・ between the parts of a foreign name, as spaces are dropped.</summary>
    public bool RemoveMiddleDot { get; init; } = true;
}
