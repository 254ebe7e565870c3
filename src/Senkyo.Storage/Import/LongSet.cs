namespace Senkyo.Storage.Import;

/// <summary>
/// A compact open-addressing set of 64-bit values (8 bytes a slot, load ≤ 0.7): the first import pass keeps only
/// the resident numbers it has seen, so 11.5 million of them fit in ~130 MB instead of the ~400 MB of a
/// <see cref="HashSet{T}"/> with its per-entry hash codes, links and resizes.
/// </summary>
internal sealed class LongSet
{
    private long[] _slots;
    private int _count;
    private int _shift;

    public LongSet(long expected)
    {
        var capacity = 1024;
        while (capacity < expected / 7 * 10 + 1 && capacity < (1 << 30))
        {
            capacity <<= 1;
        }

        _slots = new long[capacity];
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)capacity);
    }

    public int Count => _count;

    /// <summary>Adds a value; false when it was already present. Values must not be <see cref="long.MaxValue"/>.</summary>
    public bool Add(long value)
    {
        if ((_count + 1) * 10L > _slots.Length * 7L)
        {
            Grow();
        }

        return Insert(_slots, _shift, value + 1) && ++_count > 0;
    }

    public bool Contains(long value)
    {
        var stored = value + 1;
        var mask = _slots.Length - 1;
        for (var i = Slot(stored, _shift); ; i = (i + 1) & mask)
        {
            var s = _slots[i];
            if (s == stored)
            {
                return true;
            }

            if (s == 0)
            {
                return false;
            }
        }
    }

    private static int Slot(long stored, int shift) => (int)((ulong)stored * 0x9E3779B97F4A7C15UL >> shift);

    private static bool Insert(long[] slots, int shift, long stored)
    {
        var mask = slots.Length - 1;
        for (var i = Slot(stored, shift); ; i = (i + 1) & mask)
        {
            var s = slots[i];
            if (s == stored)
            {
                return false;
            }

            if (s == 0)
            {
                slots[i] = stored;
                return true;
            }
        }
    }

    private void Grow()
    {
        var bigger = new long[_slots.Length * 2];
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
