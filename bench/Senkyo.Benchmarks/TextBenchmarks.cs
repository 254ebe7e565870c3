using BenchmarkDotNet.Attributes;
using Senkyo.Domain.Text;

namespace Senkyo.Benchmarks;

/// <summary>
/// Search-key normalization runs for every resident at import (~830,000, several fields each):
/// one name should cost well under a microsecond on the fast path (kana, kanji, ASCII) and stay
/// within a few microseconds when NFKC is needed (half-width kana, compatibility characters).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class TextBenchmarks
{
    private readonly SearchKeyNormalizer _normalizer = SearchKeyNormalizer.Default;

    [Params("髙橋 一郎", "たかはし いちろう", "ﾀｶﾊｼ ｲﾁﾛｳ", "𠮷田 さくら", "SMITH JOHN")]
    public string Name { get; set; } = "";

    [Benchmark]
    public string NormalizeName() => _normalizer.Normalize(Name);
}
