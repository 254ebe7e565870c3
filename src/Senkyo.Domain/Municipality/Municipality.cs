namespace Senkyo.Domain.Municipality;

/// <summary>
/// 市区町村: the municipality whose election commission keeps the register, with its wards (区),
/// towns (町・丁目), voting districts (投票区, 法17), polling places (投票所, 法39),
/// early-voting places (期日前投票所, 法48の2) and counting districts (開票区, 法18).
/// </summary>
/// <param name="Code">全国地方公共団体コード, 6 digits with check digit (e.g. 271403 for 堺市).</param>
/// <param name="IsSynthetic">True for every structure made by Senkyo.Synthetic; a production store refuses it.</param>
public sealed record Municipality(
    string Code,
    string Prefecture,
    string Name,
    string NameKana,
    bool IsSynthetic,
    IReadOnlyList<Ward> Wards,
    IReadOnlyList<Town> Towns,
    IReadOnlyList<VotingDistrict> VotingDistricts,
    IReadOnlyList<PollingPlace> PollingPlaces,
    IReadOnlyList<EarlyVotingPlace> EarlyVotingPlaces,
    IReadOnlyList<CountingDistrict> CountingDistricts)
{
    /// <summary>The town unit (町丁目) with this code, or null.</summary>
    public Town? FindTown(string townCode) => TownIndex.TryGetValue(townCode, out var town) ? town : null;

    /// <summary>
    /// The voting district of an address: each 町丁目 belongs to exactly one 投票区
    /// (投票区 are drawn by the election commission, 法17②).
    /// </summary>
    public VotingDistrict? DistrictOfTown(string townCode) =>
        FindTown(townCode) is { } town && DistrictIndex.TryGetValue(town.DistrictCode, out var d) ? d : null;

    private Dictionary<string, Town> TownIndex => field ??= Towns.ToDictionary(t => t.Code, StringComparer.Ordinal);

    private Dictionary<string, VotingDistrict> DistrictIndex => field ??= VotingDistricts.ToDictionary(d => d.Code, StringComparer.Ordinal);
}

/// <summary>区 (administrative ward of a designated city, 地方自治法252条の20).</summary>
/// <param name="Code">全国地方公共団体コード of the ward (e.g. 271411 堺区).</param>
/// <param name="Population">Residents the profile sizes this ward for (synthetic structures only).</param>
public sealed record Ward(string Code, string Name, string NameKana, int Population);

/// <summary>
/// 町丁目: the smallest address unit Senkyo assigns to a voting district. A town (町) with
/// 丁目 has one unit per 丁目; a town without has one unit with <see cref="Chome"/> 0.
/// </summary>
/// <param name="Code">10 digits: ward code without check digit (5), town number in the ward (3), 丁目 (2).</param>
public sealed record Town(
    string Code,
    string WardCode,
    string Name,
    string NameKana,
    int Chome,
    string PostalCode,
    string DistrictCode,
    int Population)
{
    /// <summary>Town name with its 丁目, as written in an address: 中百舌鳥町2丁 → 中百舌鳥町二丁目 is not used; digits are.</summary>
    public string DisplayName => Chome == 0 ? Name : $"{Name}{Chome}丁目";
}

/// <summary>投票区 (法17): a set of 町丁目; each has exactly one 投票所.</summary>
/// <param name="Code">Ward code (6) + "-" + 2-digit number within the ward, e.g. 271411-03.</param>
public sealed record VotingDistrict(string Code, string WardCode, int Number, string Name, IReadOnlyList<string> TownCodes, string PollingPlaceCode);

/// <summary>投票所 (法39): the polling place of one 投票区 on polling day.</summary>
public sealed record PollingPlace(string Code, string Name, string Facility, string TownCode, string Address, string DistrictCode);

/// <summary>期日前投票所 (法48の2): one per ward in the synthetic profile.</summary>
public sealed record EarlyVotingPlace(string Code, string Name, string WardCode, string TownCode, string Address);

/// <summary>開票区 (法18): a designated city counts per ward.</summary>
public sealed record CountingDistrict(string Code, string Name, IReadOnlyList<string> WardCodes, string CountingPlace);
