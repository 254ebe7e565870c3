using CsCheck;
using Senkyo.Privacy.Audit;

namespace Senkyo.Privacy.Tests;

/// <summary>The builder of a run's subjects gives exactly the set <see cref="SubjectSet.Of"/> gives, whatever the order of the ids.</summary>
public sealed class SubjectSetBuilderTests
{
    private static SubjectSet Built(IEnumerable<long> ids, out long added)
    {
        var builder = new SubjectSetBuilder();
        added = ids.LongCount(builder.Add);
        Assert.Equal(added, builder.Count);
        return builder.ToSubjectSet();
    }

    [Fact]
    public void Equals_SubjectSet_Of_for_ids_in_any_order_with_repeats_runs_page_edges_and_negative_ids()
    {
        // Dense runs (what a district's reading gives), across page edges (4,096) and below zero, shuffled and repeated.
        var run = Gen.Select(Gen.Long[-10_000, 20_000], Gen.Int[1, 300], (start, length) => Enumerable.Range(0, length).Select(i => start + i));
        var ids = Gen.Select(run.Array[0, 12], Gen.Long[-9_000, 70_000].Array[0, 200], Gen.Int, (runs, single, seed) =>
        {
            var all = runs.SelectMany(r => r).Concat(single).ToArray();
            new Random(seed).Shuffle(all);
            return all;
        });
        ids.Sample(all =>
        {
            var expected = SubjectSet.Of(all);
            var built = Built(all, out var added);
            Assert.Equal(expected, built);
            Assert.Equal(expected.ToString(), built.ToString());
            Assert.Equal(all.Distinct().LongCount(), added);
            Assert.Equal(expected.Count, built.Count);
        }, iter: 300);
    }

    [Fact]
    public void Add_reports_a_repeat_and_an_empty_builder_gives_the_empty_set()
    {
        var builder = new SubjectSetBuilder();
        Assert.Equal(SubjectSet.Empty, builder.ToSubjectSet());
        Assert.True(builder.Add(4_095));
        Assert.True(builder.Add(4_096));
        Assert.False(builder.Add(4_095));
        Assert.True(builder.Add(-1));
        Assert.True(builder.Add(0));
        Assert.True(builder.Add(long.MaxValue));
        Assert.Equal(5, builder.Count);
        Assert.Equal("-1-0,4095-4096,9223372036854775807", builder.ToSubjectSet().ToString());
    }

    [Fact]
    public void Ids_of_districts_read_one_after_another_make_the_ranges_of_the_whole_run()
    {
        // Ids 1..200,000 dealt to 99 districts in turn (as an import of a shuffled city gives), read district by district.
        const int districts = 99;
        var builder = new SubjectSetBuilder();
        for (var d = 0; d < districts; d++)
        {
            for (long id = d + 1; id <= 200_000; id += districts)
            {
                if (id % 7 != 0)
                {
                    builder.Add(id);
                }
            }
        }

        var expected = SubjectSet.Of(Enumerable.Range(1, 200_000).Where(i => i % 7 != 0).Select(i => (long)i));
        Assert.Equal(expected, builder.ToSubjectSet());
        Assert.Equal(expected.Count, builder.Count);
    }
}
