namespace Senkyo.Synthetic.Sampling;

/// <summary>
/// Draws items in proportion to their weights in O(1) with Vose's alias method: one uniform
/// draw picks a column, a second decides between the column's item and its alias.
/// </summary>
public sealed class WeightedTable<T>
{
    private readonly T[] _items;
    private readonly double[] _probability;
    private readonly int[] _alias;

    public WeightedTable(IEnumerable<(T Item, double Weight)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.Where(e => e.Weight > 0).ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("a weighted table needs at least one positive weight", nameof(entries));
        }

        var n = list.Count;
        _items = [.. list.Select(e => e.Item)];
        TotalWeight = list.Sum(e => e.Weight);
        _probability = new double[n];
        _alias = new int[n];
        var scaled = list.Select(e => e.Weight * n / TotalWeight).ToArray();
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = n - 1; i >= 0; i--)
        {
            (scaled[i] < 1 ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            var s = small.Pop();
            var l = large.Pop();
            _probability[s] = scaled[s];
            _alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            (scaled[l] < 1 ? small : large).Push(l);
        }

        foreach (var i in large.Concat(small))
        {
            _probability[i] = 1;
            _alias[i] = i;
        }
    }

    public int Count => _items.Length;

    public double TotalWeight { get; }

    public IReadOnlyList<T> Items => _items;

    public T Sample(ref Rng rng)
    {
        var column = rng.Next(_items.Length);
        return _items[rng.NextDouble() < _probability[column] ? column : _alias[column]];
    }
}
