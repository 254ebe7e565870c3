using CsCheck;
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
        using var keys = new TestKeys();
        var indexer = keys.StringIndexer;
        var repeated = new RepeatedIndexes(indexer, keys.Ring);

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

        // Birth dates: every day of the memo's range and days outside it, twice (the second time from the memo).
        var days = Enumerable.Range(-400, new DateOnly(2101, 2, 1).DayNumber - new DateOnly(1873, 1, 1).DayNumber + 400).Select(d => new DateOnly(1873, 1, 1).AddDays(d)).ToArray();
        for (var round = 0; round < 2; round++)
        {
            Parallel.ForEach(days, d => Assert.Equal(indexer.Compute(KeyPurpose.BirthDateIndex, BlindIndexer.BirthValue(d)), repeated.Birth.Compute(d, BlindIndexer.BirthValue(d))));
        }

        var names = Enumerable.Range(0, RepeatedIndexes.Memo.Capacity + 1000).Select(n => "ヤマダ" + n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Parallel.ForEach(names, n => Assert.Equal(indexer.Compute(KeyPurpose.KanaSurnameIndex, n), repeated.KanaSurname.Compute(n)));
        Assert.Equal(indexer.Compute(KeyPurpose.KanaSurnameIndex, names[^1]), repeated.KanaSurname.Compute(names[^1]));
    }
}
