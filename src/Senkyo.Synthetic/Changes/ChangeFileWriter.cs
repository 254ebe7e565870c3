using System.Globalization;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Synthetic.Changes;

/// <summary>
/// The change file (異動ファイル, docs/formats/change-file.md): CSV in filing order, one line per
/// person per event, with the resident columns of the resident file after the event columns.
/// </summary>
public static class ChangeFileWriter
{
    public static IReadOnlyList<string> Columns => Domain.Residents.InterfaceFileFormat.ChangeColumns;

    public static string MarkerLine(ulong seed, DateOnly from, DateOnly to, string baseSha256) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{ResidentFileFormat.SyntheticMarker} change-file v1 seed={seed} from={from:yyyy-MM-dd} to={to:yyyy-MM-dd} base-sha256={baseSha256} 合成データ（実在の人物ではありません）");

    public static async Task<long> WriteAsync(IEnumerable<ChangeEvent> events, string markerLine, Stream output, OutputEncoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(encoding);
        await output.WriteAsync(encoding.Encoding.GetBytes($"{markerLine}\n{string.Join(',', Columns)}\n"), cancellationToken);
        long count = 0;
        foreach (var batch in events.Chunk(4096))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var row = new RowBuffer(encoding, batch.Length * 300);
            foreach (var e in batch)
            {
                row.Number(e.EventId).Comma().Field(e.Kind).Comma().Date(e.EventDate).Comma().Date(e.FilingDate).Comma();
                ResidentFileFormat.Write(row, e.Resident, unmappable: null);
                row.Unwrite(); // the record's line break: two more columns follow
                row.Comma().Field(e.DestinationPrefecture).Comma().Field(e.DestinationAddress).EndOfLine();
                count++;
            }

            await output.WriteAsync(row.Written, cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
        return count;
    }
}
