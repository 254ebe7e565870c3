using System.Globalization;
using Senkyo.Domain.Residents;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Storage.Tests;

/// <summary>
/// Synthetic 在外選挙人名簿 applications (docs/formats/overseas-application.md), made from people of the synthetic
/// population: the only source of applicants in tests. Shared with the CLI tests (linked source).
/// </summary>
public static class OverseasApplications
{
    public const string Marker = InterfaceFileFormat.SyntheticMarker + " overseas-application v1 合成データ（実在の人物ではありません）";

    /// <summary>A 本籍地 outside the synthetic city (千代田区).</summary>
    public const string Domicile = "131016";

    public static readonly string[] Jurisdictions = ["在ロサンゼルス総領事館", "在英国日本国大使館", "在シンガポール日本国大使館", "在シドニー総領事館"];

    /// <summary>One line of the file, in <see cref="SenkyoStore.OverseasApplicationColumns"/> order.</summary>
    public sealed record Row(
        string ApplicationNo,
        string Route,
        DateOnly FiledOn,
        string ResidentId,
        SyntheticResident Person,
        string LastMunicipality,
        DateOnly? LastAddressSince,
        DateOnly? LeftJapanOn,
        string Jurisdiction,
        DateOnly? AbroadSince,
        string AddressAbroad)
    {
        public string ToCsv() => string.Join(',',
            ApplicationNo, Route, D(FiledOn), ResidentId, Person.Surname, Person.GivenName, Person.SurnameKana, Person.GivenNameKana, D(Person.BirthDate),
            Person.Sex.ToString(CultureInfo.InvariantCulture), Domicile, LastMunicipality, D(LastAddressSince), D(LeftJapanOn), Jurisdiction, D(AbroadSince), AddressAbroad);

        private static string D(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>在外公館申請 by one who left <paramref name="municipality"/> for abroad the day before <paramref name="abroadSince"/>.</summary>
    public static Row AtConsulate(SyntheticResident person, int number, string municipality, DateOnly filedOn, DateOnly abroadSince) =>
        new(No(number), "consulate", filedOn, "", person, municipality, person.ResidentSince < abroadSince ? person.ResidentSince : abroadSince.AddYears(-5), abroadSince.AddDays(-1),
            Jurisdictions[number % Jurisdictions.Length], abroadSince, AddressAbroad(person, number));

    /// <summary>出国時申請 by a resident of <paramref name="municipality"/> leaving on <paramref name="leftOn"/> (the 転出予定日).</summary>
    public static Row AtDeparture(SyntheticResident person, int number, string municipality, DateOnly filedOn, DateOnly leftOn) =>
        new(No(number), "departure", filedOn, person.ResidentId, person, municipality, person.ResidentSince, leftOn, Jurisdictions[number % Jurisdictions.Length], null, AddressAbroad(person, number));

    public static async Task<string> WriteAsync(string path, IEnumerable<Row> rows, CancellationToken ct, bool synthetic = true)
    {
        var lines = new List<string>();
        if (synthetic)
        {
            lines.Add(Marker);
        }

        lines.Add(string.Join(',', SenkyoStore.OverseasApplicationColumns));
        lines.AddRange(rows.Select(r => r.ToCsv()));
        await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n", ct);
        return path;
    }

    private static string No(int number) => string.Create(CultureInfo.InvariantCulture, $"OS-{number:D5}");

    private static string AddressAbroad(SyntheticResident person, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{100 + (number * 37 % 9000)} Synthetic Avenue Apt {person.ResidentId[^4..]}");
}
