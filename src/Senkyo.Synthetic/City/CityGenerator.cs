using System.Globalization;
using Senkyo.Domain.Municipality;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Sampling;

namespace Senkyo.Synthetic.City;

/// <summary>
/// Builds a synthetic municipality on a profile's real wards and towns: 丁目 units, voting
/// districts of ~8,300 residents (~100 for a Sakai-sized city), one polling place per district,
/// one early-voting place per ward and one counting district per ward (a designated city counts
/// per ward). Everything below the town name (丁目 counts, facilities, addresses) is synthetic.
/// </summary>
public static class CityGenerator
{
    /// <summary>Residents per voting district: ~6,800 electors, as in a real designated city.</summary>
    public const int ResidentsPerDistrict = 8_300;

    /// <summary>Residents per 町丁目 unit the synthetic 丁目 counts aim for.</summary>
    private const int ResidentsPerTownUnit = 1_100;

    private const ulong CitySeed = 0x5A4B_A1C1_7E00_0001UL;

    private static readonly string[] FacilityPatterns = ["{0}小学校 体育館", "{0}中学校 体育館", "{0}地域会館", "{0}集会所", "{0}公民館"];

    public static Municipality Generate(CityProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var rng = new Rng(CitySeed, 0);
        var towns = new List<Town>();
        var districts = new List<VotingDistrict>();
        var polling = new List<PollingPlace>();
        var early = new List<EarlyVotingPlace>();
        var counting = new List<CountingDistrict>();
        var wards = new List<Ward>();

        foreach (var ward in profile.Wards)
        {
            wards.Add(new Ward(ward.Code, ward.Name, ward.Kana, ward.Population));
            var wardTowns = profile.Towns.Where(t => t.WardCode == ward.Code).ToList();
            var units = SplitIntoUnits(ward, wardTowns, ref rng);
            var districtCount = Math.Max(1, (int)Math.Round(ward.Population / (double)ResidentsPerDistrict));
            var assignment = AssignDistricts(units, districtCount);

            for (var d = 0; d < districtCount; d++)
            {
                var code = $"{ward.Code}-{d + 1:D2}";
                var members = units.Where((_, i) => assignment[i] == d).ToList();
                var site = members[members.Count / 2];
                var placeCode = $"P{ward.Code}{d + 1:D2}";
                var facility = string.Format(CultureInfo.InvariantCulture, FacilityPatterns[rng.Next(FacilityPatterns.Length)], site.Town.Name);
                polling.Add(new PollingPlace(placeCode, $"第{d + 1}投票区 投票所", facility, site.Code,
                    Address(profile, ward, site, rng.Between(1, 30), rng.Between(1, 20)), code));
                districts.Add(new VotingDistrict(code, ward.Code, d + 1, $"{ward.Name}第{d + 1}投票区", [.. members.Select(m => m.Code)], placeCode));
                towns.AddRange(members.Select(m => new Town(m.Code, ward.Code, m.Town.Name, m.Town.Kana, m.Chome, m.Town.PostalCode, code, m.Population)));
            }

            var office = units[0];
            early.Add(new EarlyVotingPlace($"E{ward.Code}", $"{ward.Name}役所 期日前投票所", ward.Code, office.Code,
                Address(profile, ward, office, rng.Between(1, 30), rng.Between(1, 20))));
            counting.Add(new CountingDistrict($"C{ward.Code}", $"{ward.Name}開票区", [ward.Code], $"{profile.Name}立{ward.Name}総合体育館"));
        }

        return new Municipality(profile.MunicipalityCode, profile.Prefecture, profile.Name, profile.Kana, IsSynthetic: true,
            wards, towns, districts, polling, early, counting);
    }

    /// <summary>The address of a place in a town unit, as written on a ticket: 大阪府堺市北区○○町2丁目5番3号.</summary>
    public static string Address(CityProfile profile, ProfileWard ward, Unit unit, int ban, int go)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(ward);
        ArgumentNullException.ThrowIfNull(unit);
        var chome = unit.Chome == 0 ? "" : $"{unit.Chome}丁目";
        return $"{profile.Prefecture}{profile.Name}{ward.Name}{unit.Town.Name}{chome}{ban}番{go}号";
    }

    /// <summary>A 町丁目 unit while the city is being built.</summary>
    public sealed record Unit(string Code, ProfileTown Town, int Chome, int Population);

    private static List<Unit> SplitIntoUnits(ProfileWard ward, List<ProfileTown> towns, ref Rng rng)
    {
        var target = Math.Max(towns.Count, (int)Math.Round(ward.Population / (double)ResidentsPerTownUnit));
        var counts = Enumerable.Repeat(1, towns.Count).ToArray();
        var weights = new double[towns.Count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = 0.5 + (1.5 * rng.NextDouble());
        }

        var table = new WeightedTable<int>(weights.Select((w, i) => (i, w)));
        for (var extra = target - towns.Count; extra > 0; extra--)
        {
            counts[table.Sample(ref rng)]++;
        }

        var units = new List<(ProfileTown Town, int Chome, double Weight)>();
        for (var i = 0; i < towns.Count; i++)
        {
            for (var c = 1; c <= counts[i]; c++)
            {
                units.Add((towns[i], counts[i] == 1 ? 0 : c, 0.3 + (1.4 * rng.NextDouble())));
            }
        }

        var total = units.Sum(u => u.Weight);
        var wardPrefix = ward.Code[..5];
        var townNumbers = towns.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i + 1);
        return [.. units.Select(u => new Unit(
            $"{wardPrefix}{townNumbers[u.Town]:D3}{u.Chome:D2}", u.Town, u.Chome,
            Math.Max(1, (int)Math.Round(ward.Population * u.Weight / total))))];
    }

    /// <summary>
    /// Cuts the ordered units into contiguous districts of about equal population, so a district is
    /// a run of neighbouring towns or a range of one town's 丁目; every district gets at least one unit.
    /// </summary>
    private static int[] AssignDistricts(List<Unit> units, int districtCount)
    {
        var total = units.Sum(u => (long)u.Population);
        var result = new int[units.Count];
        long cumulative = 0;
        for (var i = 0; i < units.Count; i++)
        {
            var mid = cumulative + (units[i].Population / 2);
            result[i] = (int)Math.Min(districtCount - 1, mid * districtCount / total);
            cumulative += units[i].Population;
        }

        // Guarantee every district a unit: walk forward and never let a district number skip.
        var last = -1;
        for (var i = 0; i < result.Length; i++)
        {
            var remainingUnits = result.Length - i;
            var remainingDistricts = districtCount - 1 - last;
            result[i] = remainingUnits <= remainingDistricts ? last + 1 : Math.Clamp(result[i], Math.Max(last, 0), last + 1);
            last = result[i];
        }

        return result;
    }
}
