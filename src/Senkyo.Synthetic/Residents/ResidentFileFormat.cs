using System.Globalization;
using Senkyo.Domain.Residents;

namespace Senkyo.Synthetic.Residents;

/// <summary>
/// The resident-registry interface file (住民記録システムからの連携ファイル): CSV, RFC 4180, with a
/// header row. A synthetic file starts with the marker line <see cref="SyntheticMarker"/> so that
/// an importer can refuse to mix synthetic and real data. Format: docs/formats/resident-file.md.
/// </summary>
public static class ResidentFileFormat
{
    /// <summary>First characters of line 1 of every file Senkyo.Synthetic writes.</summary>
    public const string SyntheticMarker = InterfaceFileFormat.SyntheticMarker;

    public static IReadOnlyList<string> Columns => InterfaceFileFormat.ResidentColumns;

    public static string MarkerLine(string kind, ulong seed, DateOnly asOf) =>
        string.Create(CultureInfo.InvariantCulture, $"{SyntheticMarker} {kind} v1 seed={seed} as-of={asOf:yyyy-MM-dd} 合成データ（実在の人物ではありません）");

    public static string HeaderLine => string.Join(',', Columns);

    /// <summary>Writes one resident as a CSV record with its line break; reports each field the encoding cannot hold.</summary>
    internal static void Write(RowBuffer row, SyntheticResident r, Action<string>? unmappable)
    {
        void Personal(string column, string value)
        {
            row.Field(value);
            if (row.Unmappable)
            {
                unmappable?.Invoke(column);
            }
        }

        row.Field(r.ResidentId).Comma().Field(r.HouseholdId).Comma().Field(r.Relationship).Comma();
        Personal("surname", r.Surname);
        row.Comma();
        Personal("given_name", r.GivenName);
        row.Comma();
        Personal("surname_kana", r.SurnameKana);
        row.Comma();
        Personal("given_name_kana", r.GivenNameKana);
        row.Comma().Byte((byte)('0' + r.Sex)).Comma().Date(r.BirthDate).Comma().Field(r.Nationality).Comma()
            .Field(r.PostalCode).Comma().Field(r.WardCode).Comma().Field(r.TownCode).Comma();
        Personal("address", r.Address);
        row.Comma();
        Personal("banchi", r.Banchi);
        row.Comma();
        Personal("building", r.Building);
        row.Comma().Field(r.Phone).Comma().Date(r.ResidentSince).Comma();
        Personal("previous_address", r.PreviousAddress);
        row.EndOfLine();
    }
}
