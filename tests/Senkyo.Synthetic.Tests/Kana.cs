namespace Senkyo.Synthetic.Tests;

internal static class Kana
{
    /// <summary>Full-width katakana (ァ–ヺ) and the long-vowel mark only.</summary>
    public static bool IsFullWidthKatakana(string s) =>
        s.Length > 0 && s.All(c => c is (>= '\u30A1' and <= '\u30FA') or '\u30FC');
}
