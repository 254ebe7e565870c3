using CsCheck;
using Senkyo.Storage.Import;

namespace Senkyo.Storage.Tests;

/// <summary>The compact id set of the import's first pass behaves as a set of resident numbers.</summary>
public sealed class LongSetTests
{
    [Fact]
    public void Adds_and_finds_like_a_hash_set_across_partitions_resizes_and_zero_low_bits()
    {
        // Values cluster in a few partitions (the bits above 32) with many repeats, and hit the low-32 value 0.
        var value = Gen.Select(Gen.Int[0, 3], Gen.UInt[0, 5000], Gen.Bool, (high, low, edge) => ((long)high << 32) | (edge && low % 7 == 0 ? 0u : low * 2654435761u));
        value.Array[0, 20_000].Sample(values =>
        {
            var set = new LongSet();
            var reference = new HashSet<long>();
            foreach (var v in values)
            {
                Assert.Equal(reference.Add(v), set.Add(v));
            }

            Assert.Equal(reference.Count, set.Count);
            Assert.All(values, v => Assert.True(set.Contains(v)));
            Assert.False(values.Length > 0 && set.Contains(values.Max() + 1));
        }, iter: 30);
    }

    [Fact]
    public void Holds_a_million_eleven_digit_resident_numbers_and_refuses_values_out_of_range()
    {
        var set = new LongSet();
        for (var i = 0L; i < 1_000_000; i++)
        {
            Assert.True(set.Add(27_140_000_000 + (i * 11)));
        }

        Assert.False(set.Add(27_140_000_000 + (500_000 * 11)));
        Assert.True(set.Contains(27_140_000_000 + (999_999 * 11)));
        Assert.False(set.Contains(27_140_000_001));
        Assert.Equal(1_000_000, set.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Add(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Add(1L << 40));
    }
}
