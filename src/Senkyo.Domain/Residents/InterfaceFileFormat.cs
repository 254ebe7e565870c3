using System.Globalization;

namespace Senkyo.Domain.Residents;

/// <summary>
/// The contract of the resident-registry interface files (住民記録システムからの連携ファイル): the column
/// names of the resident file and the change file (docs/formats/resident-file.md, change-file.md) and the
/// first-line marker of a synthetic file. One definition for the generator that writes them and the
/// importer that reads them.
/// </summary>
public static class InterfaceFileFormat
{
    /// <summary>First characters of line 1 of every synthetic file; a production file has no marker line.</summary>
    public const string SyntheticMarker = "#SENKYO-SYNTHETIC";

    public static IReadOnlyList<string> ResidentColumns { get; } =
    [
        "resident_id", "household_id", "relationship", "surname", "given_name", "surname_kana", "given_name_kana",
        "sex", "birth_date", "nationality", "postal_code", "ward_code", "town_code", "address", "banchi", "building",
        "phone", "resident_since", "previous_address",
    ];

    /// <summary>A change file: event columns, the resident columns (the record after the event), the destination of a move-out.</summary>
    public static IReadOnlyList<string> ChangeColumns { get; } =
        ["event_id", "event", "event_date", "filing_date", .. ResidentColumns, "destination_prefecture", "destination_address"];
}

/// <summary>The marker line of a synthetic file, parsed: its kind (resident-file, change-file) and its key=value pairs.</summary>
public sealed record FileMarker(string Kind, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>The marker of this line, or null when the line is not a synthetic marker.</summary>
    public static FileMarker? Parse(string? line)
    {
        if (line is null || !line.StartsWith(InterfaceFileFormat.SyntheticMarker, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parts.Skip(2))
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[p[..eq]] = p[(eq + 1)..];
            }
        }

        return new FileMarker(parts.Length > 1 ? parts[1] : "", values);
    }

    /// <summary>A date value (yyyy-MM-dd) of the marker, such as as-of, from or to.</summary>
    public DateOnly? Date(string key) =>
        Values.TryGetValue(key, out var text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
