using System.Globalization;

namespace Senkyo.Synthetic.Catalog;

/// <summary>A real town (町) of the profile city, from Japan Post's postal-code data.</summary>
public sealed record ProfileTown(string WardCode, string PostalCode, string Name, string Kana);

/// <summary>A ward of the profile city with the population the synthetic city is sized for.</summary>
public sealed record ProfileWard(string Code, string Name, string Kana, int Population);

/// <summary>A town elsewhere in Japan, used for synthetic previous addresses (前住所).</summary>
public sealed record OtherTown(string Prefecture, string Municipality, string Town);

/// <summary>
/// The shape a synthetic city is built on: a real designated city's wards and towns (public
/// structure, not personal data). Only "sakai" exists: 堺市, 7 wards, ~826,000 residents.
/// </summary>
public sealed record CityProfile(
    string Id,
    string Prefecture,
    string MunicipalityCode,
    string Name,
    string Kana,
    IReadOnlyList<ProfileWard> Wards,
    IReadOnlyList<ProfileTown> Towns,
    IReadOnlyList<OtherTown> OtherTowns)
{
    public static IReadOnlyList<string> Known { get; } = ["sakai"];

    public int Population => Wards.Sum(w => w.Population);

    /// <summary>Loads a profile by name; an unknown name is an <see cref="ArgumentException"/> listing the known ones.</summary>
    public static CityProfile Load(string id)
    {
        if (!string.Equals(id, "sakai", StringComparison.Ordinal))
        {
            throw new ArgumentException($"unknown profile '{id}' (known: {string.Join(", ", Known)})", nameof(id));
        }

        var populations = EmbeddedTable.Rows("sakai-profile.tsv")
            .ToDictionary(r => r[0], r => int.Parse(r[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var rows = EmbeddedTable.Rows("sakai-wards.tsv").ToList();
        var city = rows[0];
        var wards = rows.Skip(1).Select(r => new ProfileWard(r[0], r[1], r[2], populations[r[0]])).ToList();
        var towns = EmbeddedTable.Rows("sakai-towns.tsv").Select(r => new ProfileTown(r[0], r[1], r[2], r[3])).ToList();
        var others = EmbeddedTable.Rows("other-towns.tsv").Select(r => new OtherTown(r[0], r[1], r[2])).ToList();
        return new CityProfile("sakai", "大阪府", city[0], city[1], city[2], wards, towns, others);
    }
}
