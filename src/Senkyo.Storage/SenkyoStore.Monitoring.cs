using System.Globalization;
using Senkyo.Privacy.Audit;
using Senkyo.Storage.Engines;

namespace Senkyo.Storage;

public sealed partial class SenkyoStore
{
    /// <summary>
    /// The audit events with one of <paramref name="actions"/> at or after <paramref name="since"/>, in chain order:
    /// what the web app's reading monitor (閲覧監視) replays at start-up to restore recent reading and open alerts,
    /// without loading the whole log into memory. The events are as stored; verifying them is VerifyAuditAsync's job.
    /// </summary>
    public async Task<IReadOnlyList<AuditRecord>> ReadAuditSinceAsync(DateTimeOffset since, IReadOnlyCollection<string> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count == 0)
        {
            return [];
        }

        await using var c = await _engine.OpenAsync(cancellationToken);
        await using var tx = await _engine.BeginSnapshotAsync(c, cancellationToken);
        var names = actions.Select((_, i) => "@a" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        await using var cmd = c.Command(tx,
            $"SELECT {AuditColumns} FROM audit_event WHERE at_us >= @since AND action IN ({string.Join(", ", names)}) ORDER BY seq");
        cmd.With("@since", (since.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        foreach (var (name, action) in names.Zip(actions))
        {
            cmd.With(name, action);
        }

        return await ReadAuditRecordsAsync(cmd, cancellationToken);
    }
}
