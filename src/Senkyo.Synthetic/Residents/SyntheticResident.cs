namespace Senkyo.Synthetic.Residents;

/// <summary>
/// One row of the resident-registry interface file (住民記録システムからの連携ファイル), as
/// documented in docs/formats/resident-file.md. Every value is synthetic.
/// </summary>
/// <param name="ResidentId">11 digits, the last a modulus-11 check digit (see <see cref="Domain.Residents.ResidentId"/>).</param>
/// <param name="Relationship">続柄 to the household head: 世帯主, 妻, 夫, 子, 父, 母.</param>
/// <param name="Sex">1 male, 2 female.</param>
/// <param name="Nationality">JPN or another ISO 3166-1 alpha-3 code.</param>
/// <param name="WardCode">全国地方公共団体コード of the ward (6 digits).</param>
/// <param name="TownCode">町丁目 code (10 digits), see <see cref="Domain.Municipality.Town"/>.</param>
/// <param name="Address">The full address text including 番地 and building.</param>
/// <param name="ResidentSince">住定日: the day residence in this municipality began (birth, or move-in filed).</param>
/// <param name="PreviousAddress">前住所 outside the municipality; empty for people born here.</param>
public sealed record SyntheticResident(
    string ResidentId,
    string HouseholdId,
    string Relationship,
    string Surname,
    string GivenName,
    string SurnameKana,
    string GivenNameKana,
    int Sex,
    DateOnly BirthDate,
    string Nationality,
    string PostalCode,
    string WardCode,
    string TownCode,
    string Address,
    string Banchi,
    string Building,
    string Phone,
    DateOnly ResidentSince,
    string PreviousAddress);
