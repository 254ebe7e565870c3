using System.Globalization;
using Senkyo.Synthetic.Sampling;

namespace Senkyo.Synthetic.Catalog;

/// <summary>One 5-year age band of one sex, with its share of the national population.</summary>
public sealed record AgeBand(int Sex, int FromAge, int ToAge, double Share);

/// <summary>
/// The national age pyramid by 5-year band and sex (人口推計 2023, Data/age-pyramid.tsv),
/// from which every synthetic person's age and sex are drawn.
/// </summary>
public sealed class AgePyramid
{
    private readonly WeightedTable<AgeBand> _table;

    private AgePyramid(IReadOnlyList<AgeBand> bands)
    {
        Bands = bands;
        _table = new WeightedTable<AgeBand>(bands.Select(b => (b, b.Share)));
    }

    public IReadOnlyList<AgeBand> Bands { get; }

    public static AgePyramid Load()
    {
        var raw = new List<(int From, int To, double Male, double Female)>();
        foreach (var row in EmbeddedTable.Rows("age-pyramid.tsv"))
        {
            raw.Add((int.Parse(row[0], CultureInfo.InvariantCulture), int.Parse(row[1], CultureInfo.InvariantCulture),
                double.Parse(row[2], CultureInfo.InvariantCulture), double.Parse(row[3], CultureInfo.InvariantCulture)));
        }

        var total = raw.Sum(r => r.Male + r.Female);
        var bands = new List<AgeBand>();
        foreach (var r in raw)
        {
            bands.Add(new AgeBand(1, r.From, r.To, r.Male / total));
            bands.Add(new AgeBand(2, r.From, r.To, r.Female / total));
        }

        return new AgePyramid(bands);
    }

    /// <summary>Draws (sex, age in whole years).</summary>
    public (int Sex, int Age) Sample(ref Rng rng)
    {
        var band = _table.Sample(ref rng);
        return (band.Sex, rng.Between(band.FromAge, band.ToAge));
    }
}
