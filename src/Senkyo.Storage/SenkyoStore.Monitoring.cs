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
            $"SELECT seq, at_us, actor, role, ward_scope, purpose, action, subjects, outcome, result_count, prev_hash, leaf_hash FROM audit_event WHERE at_us >= @since AND action IN ({string.Join(", ", names)}) ORDER BY seq");
        cmd.With("@since", (since.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        foreach (var (name, action) in names.Zip(actions))
        {
            cmd.With(name, action);
        }

        var list = new List<AuditRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new AuditRecord(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
                (AuditOutcome)reader.GetInt32(8), reader.IsDBNull(9) ? null : reader.GetInt64(9), (byte[])reader.GetValue(10), (byte[])reader.GetValue(11)));
        }

        return list;
    }
}
