using CsCheck;
using Senkyo.Domain.Text;
using Senkyo.Privacy.Indexing;
using Senkyo.Privacy.Keys;
using Senkyo.Storage.Import;

namespace Senkyo.Storage.Tests;

/// <summary>The import's memo of repeated blind indexes gives exactly the indexer's values, from any thread, past its bound.</summary>
public sealed class RepeatedIndexesTests
{
    [Fact]
    public void Every_value_is_the_indexers_own_under_the_active_key_across_threads_and_beyond_the_bound()
    {
        using var master = MasterKey.Generate();
        var (ring, _) = KeyRing.CreateNew("s", master, TimeProvider.System);
        using var _r = ring;
        var indexer = new BlindIndexer(ring, SearchKeyNormalizer.Default.Normalize);
        var repeated = new RepeatedIndexes(indexer, ring);

        // Repeats (a small alphabet of surnames, ﾔﾏﾀﾞ and ヤマダ folding alike) and more distinct values than the bound.
        var surnames = Gen.OneOf<string>("ヤマダ", "ﾔﾏﾀﾞ", "やまだ", "スズキ", "髙橋", "高橋", "齋藤", "サトウ");
        surnames.Array[1, 200].Sample(values =>
        {
            Parallel.ForEach(values, v =>
            {
                Assert.Equal(indexer.Compute(KeyPurpose.KanaSurnameIndex, v), repeated.KanaSurname.Compute(v));
                Assert.Equal(indexer.Compute(KeyPurpose.KanjiSurnameIndex, v), repeated.KanjiSurname.Compute(v));
            });
        }, iter: 20);
        Assert.Equal(repeated.KanaSurname.Compute("ヤマダ"), repeated.KanaSurname.Compute("ﾔﾏﾀﾞ"));

        var days = Enumerable.Range(0, RepeatedIndexes.Memo.Capacity + 1000).Select(d => BlindIndexer.BirthValue(new DateOnly(1873, 1, 1).AddDays(d))).ToArray();
        Parallel.ForEach(days, d => Assert.Equal(indexer.Compute(KeyPurpose.BirthDateIndex, d), repeated.Birth.Compute(d)));
        Assert.Equal(indexer.Compute(KeyPurpose.BirthDateIndex, days[^1]), repeated.Birth.Compute(days[^1]));
    }
}
