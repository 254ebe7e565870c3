namespace Senkyo.Storage.Import;

/// <summary>
/// A compact set of non-negative 64-bit values below 2^40 (resident numbers have 11 digits, &lt; 2^37): the first
/// import pass keeps every resident number it has seen, so the set must stay small at a metropolis's 11.5 million.
/// Values are split by their bits above 32 into partitions that store only the low 32 bits (open addressing, 4 bytes a
/// slot, load ≤ 0.75): 11.5 million numbers take 60–120 MB instead of the ~400 MB of a <see cref="HashSet{T}"/>, and
/// each partition grows on its own, so a resize never copies the whole set at once.
/// </summary>
internal sealed class LongSet
{
    private const int PartitionBits = 8;
    private readonly Partition?[] _partitions = new Partition?[1 << PartitionBits];

    public long Count { get; private set; }

    /// <summary>Adds a value; false when it was already present.</summary>
    public bool Add(long value)
    {
        var p = PartitionOf(value);
        var part = _partitions[p] ??= new Partition();
        if (!part.Add((uint)value))
        {
            return false;
        }

        Count++;
        return true;
    }

    public bool Contains(long value) => _partitions[PartitionOf(value)]?.Contains((uint)value) == true;

    private static int PartitionOf(long value) =>
        value is >= 0 and < 1L << (32 + PartitionBits) ? (int)(value >> 32) : throw new ArgumentOutOfRangeException(nameof(value), value, "outside 0 … 2^40");

    /// <summary>Open addressing on the low 32 bits; 0 marks an empty slot, so the value 0 is kept as a flag.</summary>
    private sealed class Partition
    {
        private uint[] _slots = new uint[1024];
        private int _shift = 32 - 10;
        private int _count;
        private bool _hasZero;

        public bool Add(uint value)
        {
            if (value == 0)
            {
                var had = _hasZero;
                _hasZero = true;
                return !had;
            }

            if ((_count + 1) * 4L > _slots.Length * 3L)
            {
                Grow();
            }

            if (!Insert(_slots, _shift, value))
            {
                return false;
            }

            _count++;
            return true;
        }

        public bool Contains(uint value)
        {
            if (value == 0)
            {
                return _hasZero;
            }

            var mask = _slots.Length - 1;
            for (var i = Slot(value, _shift); ; i = (i + 1) & mask)
            {
                var s = _slots[i];
                if (s == value)
                {
                    return true;
                }

                if (s == 0)
                {
                    return false;
                }
            }
        }

        // Fibonacci hashing (the top bits of value × 2^32/φ) spreads dense runs of resident numbers over the table.
        private static int Slot(uint value, int shift) => (int)((value * 0x9E3779B9u) >> shift);

        private static bool Insert(uint[] slots, int shift, uint value)
        {
            var mask = slots.Length - 1;
            for (var i = Slot(value, shift); ; i = (i + 1) & mask)
            {
                var s = slots[i];
                if (s == value)
                {
                    return false;
                }

                if (s == 0)
                {
                    slots[i] = value;
                    return true;
                }
            }
        }

        private void Grow()
        {
            var bigger = new uint[_slots.Length * 2];
            var shift = _shift - 1;
            foreach (var s in _slots)
            {
                if (s != 0)
                {
                    Insert(bigger, shift, s);
                }
            }

            _slots = bigger;
            _shift = shift;
        }
    }
}
