namespace Senkyo.Synthetic.Sampling;

/// <summary>Draws items in proportion to their weights (cumulative sums, binary search).</summary>
public sealed class WeightedTable<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    public WeightedTable(IEnumerable<(T Item, double Weight)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var items = new List<T>();
        var cumulative = new List<double>();
        var total = 0.0;
        foreach (var (item, weight) in entries)
        {
            if (weight <= 0)
            {
                continue;
            }

            total += weight;
            items.Add(item);
            cumulative.Add(total);
        }

        if (items.Count == 0)
        {
            throw new ArgumentException("a weighted table needs at least one positive weight", nameof(entries));
        }

        _items = [.. items];
        _cumulative = [.. cumulative];
    }

    public int Count => _items.Length;

    public double TotalWeight => _cumulative[^1];

    public IReadOnlyList<T> Items => _items;

    public T Sample(ref Rng rng)
    {
        var x = rng.NextDouble() * _cumulative[^1];
        var i = Array.BinarySearch(_cumulative, x);
        if (i < 0)
        {
            i = ~i;
        }

        return _items[Math.Min(i, _items.Length - 1)];
    }
}
