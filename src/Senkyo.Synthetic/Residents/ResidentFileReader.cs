using System.Globalization;
using nietras.SeparatedValues;
using Senkyo.Domain.Residents;

namespace Senkyo.Synthetic.Residents;

/// <summary>
/// Reads back a resident file written by <see cref="ResidentFileWriter"/> (UTF-8 or CP932), for the
/// change generator and tests. The register's importer validates files with its own reader.
/// </summary>
public static class ResidentFileReader
{
    public static FileMarker? ReadMarker(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return FileMarker.Parse(reader.ReadLine());
    }

    /// <summary>Rows after the marker line; the reader must be positioned on the header.</summary>
    public static IEnumerable<SyntheticResident> ReadRows(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var csv = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = false }).From(reader);
        var missing = ResidentFileFormat.Columns.Where(c => !csv.Header.ColNames.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{fileName}: line 2: header lacks column(s) {string.Join(", ", missing)}");
        }

        foreach (var row in csv)
        {
            var line = row.LineNumberFrom + 1; // +1 for the marker line read before Sep
            SyntheticResident resident;
            try
            {
                resident = new SyntheticResident(
                    row["resident_id"].ToString(), row["household_id"].ToString(), row["relationship"].ToString(),
                    row["surname"].ToString(), row["given_name"].ToString(), row["surname_kana"].ToString(), row["given_name_kana"].ToString(),
                    int.Parse(row["sex"].Span, CultureInfo.InvariantCulture), DateOnly.ParseExact(row["birth_date"].Span, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    row["nationality"].ToString(), row["postal_code"].ToString(), row["ward_code"].ToString(), row["town_code"].ToString(),
                    row["address"].ToString(), row["banchi"].ToString(), row["building"].ToString(), row["phone"].ToString(),
                    DateOnly.ParseExact(row["resident_since"].Span, "yyyy-MM-dd", CultureInfo.InvariantCulture), row["previous_address"].ToString());
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{fileName}: line {line}: {e.Message}", e);
            }

            yield return resident;
        }
    }
}
