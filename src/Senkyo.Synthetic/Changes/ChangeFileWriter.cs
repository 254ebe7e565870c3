using System.Globalization;
using System.Text;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Synthetic.Changes;

/// <summary>
/// The change file (異動ファイル, docs/formats/change-file.md): CSV in filing order, one line per
/// person per event, with the resident columns of the resident file after the event columns.
/// </summary>
public static class ChangeFileWriter
{
    public static IReadOnlyList<string> EventColumns { get; } = ["event_id", "event", "event_date", "filing_date"];

    public static IReadOnlyList<string> TrailingColumns { get; } = ["destination_prefecture", "destination_address"];

    public static IReadOnlyList<string> Columns { get; } = [.. EventColumns, .. ResidentFileFormat.Columns, .. TrailingColumns];

    public static string MarkerLine(ulong seed, DateOnly from, DateOnly to, string baseSha256) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{ResidentFileFormat.SyntheticMarker} change-file v1 seed={seed} from={from:yyyy-MM-dd} to={to:yyyy-MM-dd} base-sha256={baseSha256} 合成データ（実在の人物ではありません）");

    public static async Task<long> WriteAsync(IEnumerable<ChangeEvent> events, string markerLine, Stream output, OutputEncoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(encoding);
        await using var writer = new StreamWriter(output, encoding.Encoding, 1 << 16, leaveOpen: true);
        await writer.WriteAsync(markerLine + "\n");
        await writer.WriteAsync(string.Join(',', Columns) + "\n");
        var sb = new StringBuilder(512);
        long count = 0;
        foreach (var e in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sb.Clear();
            sb.Append(e.EventId.ToString(CultureInfo.InvariantCulture)).Append(',').Append(e.Kind).Append(',');
            Csv.AppendDate(sb, e.EventDate).Append(',');
            Csv.AppendDate(sb, e.FilingDate).Append(',');
            ResidentFileFormat.AppendRecord(sb, e.Resident);
            sb.Length--; // the record's line break: two more columns follow
            sb.Append(',');
            Csv.Append(sb, e.DestinationPrefecture).Append(',');
            Csv.Append(sb, e.DestinationAddress).Append('\n');
            await writer.WriteAsync(sb, cancellationToken);
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }
}
