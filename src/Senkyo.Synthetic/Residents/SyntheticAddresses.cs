using Senkyo.Domain.Municipality;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Sampling;

namespace Senkyo.Synthetic.Residents;

/// <summary>A home address in the city: the full text and its 番地 and building parts.</summary>
public readonly record struct HomeAddress(Town Town, string Address, string Banchi, string Building);

/// <summary>
/// Synthetic addresses: a real 町丁目 of the city with a made-up 番地 and building, and made-up
/// addresses elsewhere in Japan for previous and next homes. Shared by the resident and change
/// generators, on their hot path (no interpolated strings).
/// </summary>
public sealed class SyntheticAddresses
{
    private static readonly string[] BuildingPrefixes = ["サンハイツ", "グランコート", "メゾン", "コーポ", "パークハイム", "リバーサイド", "ロイヤルマンション", "ハイツ", "フォレスト", "アーバン"];

    private readonly Municipality _city;
    private readonly WeightedTable<Town> _towns;
    private readonly Dictionary<string, Ward> _wards;
    private readonly IReadOnlyList<OtherTown> _elsewhere;
    private readonly OtherTown[] _samePrefecture;
    private readonly OtherTown[] _otherPrefectures;

    public SyntheticAddresses(Municipality city, IReadOnlyList<OtherTown> elsewhere)
    {
        ArgumentNullException.ThrowIfNull(city);
        ArgumentNullException.ThrowIfNull(elsewhere);
        _city = city;
        _towns = new WeightedTable<Town>(city.Towns.Select(t => (t, (double)t.Population)));
        _wards = city.Wards.ToDictionary(w => w.Code, StringComparer.Ordinal);
        _elsewhere = elsewhere;
        _samePrefecture = [.. elsewhere.Where(t => t.Prefecture == city.Prefecture)];
        _otherPrefectures = [.. elsewhere.Where(t => t.Prefecture != city.Prefecture)];
        if (_samePrefecture.Length == 0 || _otherPrefectures.Length == 0)
        {
            throw new ArgumentException("the town sample needs towns inside and outside the city's prefecture", nameof(elsewhere));
        }
    }

    /// <summary>A home in a 町丁目 drawn by population (or in the given one).</summary>
    public HomeAddress Home(ref Rng rng, Town? town = null)
    {
        town ??= _towns.Sample(ref rng);
        var banchi = town.Chome == 0
            ? rng.Chance(0.3) ? string.Concat(Digits.Of(rng.Between(1, 2500)), "番地の", Digits.Of(rng.Between(1, 30))) : Digits.Of(rng.Between(1, 2500)) + "番地"
            : string.Concat(Digits.Of(rng.Between(1, 30)), "番", Digits.Of(rng.Between(1, 25)), "号");
        var building = rng.Chance(0.42)
            ? string.Concat(BuildingPrefixes[rng.Next(BuildingPrefixes.Length)], town.Name, " ", Digits.Of(rng.Between(1, 12)), Digits.Two(rng.Between(1, 12)))
            : "";
        var chome = town.Chome == 0 ? "" : Digits.Of(town.Chome) + "丁目";
        var ward = _wards[town.WardCode].Name;
        var address = building.Length > 0
            ? string.Concat([_city.Prefecture, _city.Name, ward, town.Name, chome, banchi, " ", building])
            : string.Concat([_city.Prefecture, _city.Name, ward, town.Name, chome, banchi]);
        return new HomeAddress(town, address, banchi, building);
    }

    /// <summary>A 町丁目 drawn by population.</summary>
    public Town Town(ref Rng rng) => _towns.Sample(ref rng);

    /// <summary>A previous home (前住所): any town in the sample, anywhere in Japan.</summary>
    public string Anywhere(ref Rng rng) => Text(_elsewhere[rng.Next(_elsewhere.Count)], ref rng);

    /// <summary>A destination (転出先) in the city's prefecture or strictly outside it (the difference decides 法9③).</summary>
    public (string Prefecture, string Address) Destination(ref Rng rng, bool samePrefecture)
    {
        var pool = samePrefecture ? _samePrefecture : _otherPrefectures;
        var t = pool[rng.Next(pool.Length)];
        return (t.Prefecture, Text(t, ref rng));
    }

    private static string Text(OtherTown t, ref Rng rng) =>
        string.Concat([t.Prefecture, t.Municipality, t.Town, Digits.Of(rng.Between(1, 5)), "丁目", Digits.Of(rng.Between(1, 30)), "番", Digits.Of(rng.Between(1, 25)), "号"]);
}
