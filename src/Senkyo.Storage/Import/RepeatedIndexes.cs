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
    // The active keys of the purposes computed for every row, taken once like the memos' keys.
    public DataKey Reference { get; } = ring.Active(KeyPurpose.ResidentReference);

    public DataKey KanaName { get; } = ring.Active(KeyPurpose.KanaNameIndex);

    public DataKey KanjiName { get; } = ring.Active(KeyPurpose.KanjiNameIndex);

    public DataKey KanaBirth { get; } = ring.Active(KeyPurpose.KanaBirthIndex);

    public DayMemo Birth { get; } = new(indexer, ring.Active(KeyPurpose.BirthDateIndex));

    public Memo KanaSurname { get; } = new(indexer, ring.Active(KeyPurpose.KanaSurnameIndex));

    public Memo KanjiSurname { get; } = new(indexer, ring.Active(KeyPurpose.KanjiSurnameIndex));

    /// <summary>
    /// Birth dates by day number in a flat array (660 KB for 1873–2100): a hash table of ~36,000 date strings costs a
    /// few cache misses a look-up, about as much as it saves. Another thread may compute the same day at the same time;
    /// both write the same value, and the flag is published after it.
    /// </summary>
    public sealed class DayMemo(BlindIndexer indexer, DataKey key)
    {
        private static readonly int First = new DateOnly(1873, 1, 1).DayNumber;
        private static readonly int Last = new DateOnly(2100, 12, 31).DayNumber;
        private readonly long[] _values = new long[Last - First + 1];
        private readonly bool[] _known = new bool[Last - First + 1];

        /// <summary>The index of <paramref name="value"/>, which is <see cref="BlindIndexer.BirthValue"/> of <paramref name="day"/>.</summary>
        public long Compute(DateOnly day, ReadOnlySpan<char> value)
        {
            var i = day.DayNumber - First;
            if ((uint)i >= (uint)_values.Length)
            {
                return indexer.Compute(key, value);
            }

            if (Volatile.Read(ref _known[i]))
            {
                return _values[i];
            }

            var index = indexer.Compute(key, value);
            _values[i] = index;
            Volatile.Write(ref _known[i], true);
            return index;
        }
    }

    /// <summary>One purpose's values; bounded, so a file of all-distinct values costs memory only up to the bound.</summary>
    public sealed class Memo
    {
        /// <summary>Enough for every birth date of a century and the common surnames; a value beyond is computed each time.</summary>
        public const int Capacity = 1 << 16;

        private readonly BlindIndexer _indexer;
        private readonly DataKey _key;
        private readonly ConcurrentDictionary<string, long> _values = new(StringComparer.Ordinal);

        // Looked up by the row's text, so a value already known costs no string.
        private readonly ConcurrentDictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _byText;
        private int _count;

        public Memo(BlindIndexer indexer, DataKey key)
        {
            _indexer = indexer;
            _key = key;
            _byText = _values.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public long Compute(ReadOnlySpan<char> value)
        {
            if (_byText.TryGetValue(value, out var index))
            {
                return index;
            }

            index = _indexer.Compute(_key, value);
            if (Volatile.Read(ref _count) < Capacity && _byText.TryAdd(value, index))
            {
                Interlocked.Increment(ref _count);
            }

            return index;
        }
    }
}
