using System.Globalization;
using System.Text;

namespace Senkyo.Privacy.Audit;

/// <summary>
/// The subjects of an audit event: surrogate person ids (never names or resident numbers), written canonically as
/// sorted ranges ("1-830000" for an import, "17,42" for a search), so an event about a bulk import stays small.
/// </summary>
public sealed class SubjectSet : IEquatable<SubjectSet>
{
    private readonly (long First, long Last)[] _ranges;

    private SubjectSet((long, long)[] ranges) => _ranges = ranges;

    public static SubjectSet Empty { get; } = new([]);

    public long Count => _ranges.Sum(r => r.Last - r.First + 1);

    public IReadOnlyList<(long First, long Last)> Ranges => _ranges;

    public static SubjectSet Of(params IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        // Sorted in one array, duplicates skipped while walking it: a registration run over a metropolis names
        // 11.5 M ids, and a hash set for Distinct would hold ~300 MB where the array holds 92 MB.
        var sorted = ids.ToArray();
        Array.Sort(sorted);
        var ranges = new List<(long, long)>();
        foreach (var id in sorted)
        {
            if (ranges.Count > 0 && ranges[^1].Item2 >= id - 1)
            {
                ranges[^1] = (ranges[^1].Item1, Math.Max(ranges[^1].Item2, id));
            }
            else
            {
                ranges.Add((id, id));
            }
        }

        return new([.. ranges]);
    }

    /// <summary>Ranges already sorted, disjoint and not adjacent (from <see cref="SubjectSetBuilder"/>).</summary>
    internal static SubjectSet FromSortedRanges((long First, long Last)[] ranges) => ranges.Length == 0 ? Empty : new(ranges);

    public static SubjectSet Range(long first, long last) =>
        last < first ? Empty : new([(first, last)]);

    public bool Contains(long id) => _ranges.Any(r => r.First <= id && id <= r.Last);

    public static SubjectSet Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return Empty;
        }

        var ranges = new List<(long, long)>();
        foreach (var part in text.Split(','))
        {
            var dash = part.IndexOf('-', 1);
            var first = long.Parse(dash < 0 ? part : part[..dash], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            var last = dash < 0 ? first : long.Parse(part[(dash + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            ranges.Add((first, last));
        }

        return new([.. ranges]);
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var (first, last) in _ranges)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(first.ToString(CultureInfo.InvariantCulture));
            if (last != first)
            {
                sb.Append('-').Append(last.ToString(CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    public bool Equals(SubjectSet? other) => other is not null && _ranges.AsSpan().SequenceEqual(other._ranges);

    public override bool Equals(object? obj) => Equals(obj as SubjectSet);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
