namespace Senkyo.Synthetic.Catalog;

/// <summary>Everything the generators draw from, loaded once from the embedded data files.</summary>
public sealed class SyntheticCatalog
{
    private static readonly Lazy<SyntheticCatalog> Shared = new(() => new SyntheticCatalog(NameCatalog.Load(), AgePyramid.Load(), CityProfile.Load("sakai").OtherTowns));

    public SyntheticCatalog(NameCatalog names, AgePyramid pyramid, IReadOnlyList<OtherTown> otherTowns)
    {
        Names = names;
        Pyramid = pyramid;
        OtherTowns = otherTowns;
    }

    /// <summary>The catalog of the embedded data (immutable, loaded on first use).</summary>
    public static SyntheticCatalog Default => Shared.Value;

    public NameCatalog Names { get; }

    public AgePyramid Pyramid { get; }

    public IReadOnlyList<OtherTown> OtherTowns { get; }
}
