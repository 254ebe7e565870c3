using System.Numerics;

namespace Senkyo.Privacy.Audit;

/// <summary>
/// Collects the subjects of one audit event id by id, in any order, into the same <see cref="SubjectSet"/> that
/// <see cref="SubjectSet.Of"/> would make of them. Ids are kept as bits in pages of 4,096: person ids come from one
/// allocator and are dense, so a registration run over a metropolis (11.5 M ids, read district by district and so
/// interleaved) holds ~1.5 MB here where a list of the ids, sorted in an array, held ~180 MB.
/// </summary>
public sealed class SubjectSetBuilder
{
    private const int PageShift = 12;
    private const int WordsPerPage = (1 << PageShift) / 64;

    private readonly Dictionary<long, ulong[]> _pages = [];

    /// <summary>How many distinct ids were added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds <paramref name="id"/>; false when it was already there.</summary>
    public bool Add(long id)
    {
        // Arithmetic shift and mask: a negative id lands in a negative page at the right bit, so order is kept.
        var key = id >> PageShift;
        var bit = (int)(id & ((1 << PageShift) - 1));
        if (!_pages.TryGetValue(key, out var page))
        {
            page = new ulong[WordsPerPage];
            _pages.Add(key, page);
        }

        var mask = 1UL << (bit & 63);
        ref var word = ref page[bit >> 6];
        if ((word & mask) != 0)
        {
            return false;
        }

        word |= mask;
        Count++;
        return true;
    }

    /// <summary>The set of every id added so far, as sorted ranges of consecutive ids.</summary>
    public SubjectSet ToSubjectSet()
    {
        var keys = _pages.Keys.ToArray();
        Array.Sort(keys);
        var ranges = new List<(long First, long Last)>();
        long first = 0, last = 0;
        var open = false;
        foreach (var key in keys)
        {
            var page = _pages[key];
            var pageStart = key << PageShift;
            for (var w = 0; w < page.Length; w++)
            {
                var word = page[w];
                while (word != 0)
                {
                    var id = pageStart + (w * 64) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    if (open && id == last + 1)
                    {
                        last = id;
                    }
                    else
                    {
                        if (open)
                        {
                            ranges.Add((first, last));
                        }

                        (first, last, open) = (id, id, true);
                    }
                }
            }
        }

        if (open)
        {
            ranges.Add((first, last));
        }

        return SubjectSet.FromSortedRanges([.. ranges]);
    }
}
