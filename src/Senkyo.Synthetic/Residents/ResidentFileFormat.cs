using System.Globalization;
using System.Text;

namespace Senkyo.Synthetic.Residents;

/// <summary>
/// The resident-registry interface file (住民記録システムからの連携ファイル): CSV, RFC 4180, with a
/// header row. A synthetic file starts with the marker line <see cref="SyntheticMarker"/> so that
/// an importer can refuse to mix synthetic and real data. Format: docs/formats/resident-file.md.
/// </summary>
public static class ResidentFileFormat
{
    /// <summary>First characters of line 1 of every file Senkyo.Synthetic writes.</summary>
    public const string SyntheticMarker = "#SENKYO-SYNTHETIC";

    public static IReadOnlyList<string> Columns { get; } =
    [
        "resident_id", "household_id", "relationship", "surname", "given_name", "surname_kana", "given_name_kana",
        "sex", "birth_date", "nationality", "postal_code", "ward_code", "town_code", "address", "banchi", "building",
        "phone", "resident_since", "previous_address",
    ];

    public static string MarkerLine(string kind, ulong seed, DateOnly asOf) =>
        string.Create(CultureInfo.InvariantCulture, $"{SyntheticMarker} {kind} v1 seed={seed} as-of={asOf:yyyy-MM-dd} 合成データ（実在の人物ではありません）");

    public static string HeaderLine => string.Join(',', Columns);

    /// <summary>Appends one resident as a CSV record (with its line break).</summary>
    public static void AppendRecord(StringBuilder sb, SyntheticResident r)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(r);
        Csv.Append(sb, r.ResidentId).Append(',');
        Csv.Append(sb, r.HouseholdId).Append(',');
        Csv.Append(sb, r.Relationship).Append(',');
        Csv.Append(sb, r.Surname).Append(',');
        Csv.Append(sb, r.GivenName).Append(',');
        Csv.Append(sb, r.SurnameKana).Append(',');
        Csv.Append(sb, r.GivenNameKana).Append(',');
        sb.Append((char)('0' + r.Sex)).Append(',');
        Csv.AppendDate(sb, r.BirthDate).Append(',');
        Csv.Append(sb, r.Nationality).Append(',');
        Csv.Append(sb, r.PostalCode).Append(',');
        Csv.Append(sb, r.WardCode).Append(',');
        Csv.Append(sb, r.TownCode).Append(',');
        Csv.Append(sb, r.Address).Append(',');
        Csv.Append(sb, r.Banchi).Append(',');
        Csv.Append(sb, r.Building).Append(',');
        Csv.Append(sb, r.Phone).Append(',');
        Csv.AppendDate(sb, r.ResidentSince).Append(',');
        Csv.Append(sb, r.PreviousAddress).Append('\n');
    }
}

/// <summary>
/// The few lines of RFC 4180 writing the generators need on their hot path (1M rows/s): quote a
/// field only when it holds a comma, quote or line break, doubling inner quotes. Reading CSV is
/// left to a library (Sep) in the importer.
/// </summary>
public static class Csv
{
    public static StringBuilder Append(StringBuilder sb, string value)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return sb.Append(value);
        }

        sb.Append('"');
        foreach (var c in value)
        {
            sb.Append(c);
            if (c == '"')
            {
                sb.Append('"');
            }
        }

        return sb.Append('"');
    }

    public static StringBuilder AppendDate(StringBuilder sb, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(sb);
        Span<char> buffer = stackalloc char[10];
        date.TryFormat(buffer, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return sb.Append(buffer);
    }
}
