using System.Collections.Concurrent;
using Senkyo.Privacy.Indexing;
using Senkyo.Privacy.Keys;

namespace Senkyo.Storage.Import;

/// <summary>
/// Blind indexes of the values a population repeats — birth dates (about 36,000 distinct days among 826,000 people),
/// kana and kanji surnames (a few thousand surnames cover most of Japan) — computed once per value during one bulk
/// write instead of once per person: each HMAC is a call into OpenSSL (~0.5 µs), a look-up here ~30 ns. Full names
/// and resident numbers are nearly unique and are not memoized. An instance lives only as long as the bulk write
/// (the values it holds are personal data, never kept beyond it) and uses the keys active when it was made, which are
/// the keys of the whole transaction.
/// </summary>
internal sealed class RepeatedIndexes(BlindIndexer indexer, KeyRing ring)
{
    public Memo Birth { get; } = new(indexer, ring.Active(KeyPurpose.BirthDateIndex));

    public Memo KanaSurname { get; } = new(indexer, ring.Active(KeyPurpose.KanaSurnameIndex));

    public Memo KanjiSurname { get; } = new(indexer, ring.Active(KeyPurpose.KanjiSurnameIndex));

    /// <summary>One purpose's values; bounded, so a file of all-distinct values costs memory only up to the bound.</summary>
    public sealed class Memo(BlindIndexer indexer, DataKey key)
    {
        /// <summary>Enough for every birth date of a century and the common surnames; a value beyond is computed each time.</summary>
        public const int Capacity = 1 << 16;

        private readonly ConcurrentDictionary<string, long> _values = new(StringComparer.Ordinal);
        private int _count;

        public long Compute(string value)
        {
            if (_values.TryGetValue(value, out var index))
            {
                return index;
            }

            index = indexer.Compute(key, value);
            if (Volatile.Read(ref _count) < Capacity && _values.TryAdd(value, index))
            {
                Interlocked.Increment(ref _count);
            }

            return index;
        }
    }
}
