using System.Data.Common;
using System.Globalization;
using Senkyo.Privacy.Audit;
using Senkyo.Storage.Engines;

namespace Senkyo.Storage;

/// <summary>
/// A filter over the audit trail (監査ログの検索), every part optional: events naming one person's surrogate id among
/// their subjects (an import's range "1-830000" counts), one actor, one action code, a time range [From, Until), and
/// only events older than <see cref="BeforeSeq"/> (the next page). At most <see cref="Limit"/> events, newest first.
/// </summary>
public sealed record AuditQuery(
    long? Subject = null,
    string? Actor = null,
    string? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? Until = null,
    long? BeforeSeq = null,
    int Limit = 200);

/// <summary>One page of the audit trail, newest first; <see cref="NextBeforeSeq"/> continues with older events when the page is full.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Records, long? NextBeforeSeq);

public sealed partial class SenkyoStore
{
    private const int AuditScanBatch = 2000;

    /// <summary>
    /// Reads the audit trail through a filter, newest first, without loading the whole log: actor, action, time and
    /// page bounds are SQL conditions walked backwards along the primary key; the person filter narrows in SQL to
    /// events whose subjects mention the id's digits or a range, and is decided exactly on the parsed subject set.
    /// Looking through the trail is itself an event ("audit.query", subjects = the person asked about), recorded
    /// before the page is returned: who asked about whom is as much the auditors' business as the clerks'.
    /// </summary>
    public async Task<AuditPage> QueryAuditAsync(AccessContext who, AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, 1000);
        var found = new List<AuditRecord>(limit);
        await using (var c = await _engine.OpenAsync(cancellationToken))
        await using (var tx = await _engine.BeginSnapshotAsync(c, cancellationToken))
        {
            var before = query.BeforeSeq;
            while (found.Count < limit)
            {
                var batch = await ReadAuditBatchAsync(c, tx, query, before, query.Subject is null ? limit - found.Count : AuditScanBatch, cancellationToken);
                found.AddRange(batch.Where(r => query.Subject is not { } id || SubjectSet.Parse(r.Subjects).Contains(id)).Take(limit - found.Count));
                if (batch.Count == 0 || query.Subject is null)
                {
                    break;
                }

                before = batch[^1].Seq;
            }
        }

        await RecordAsync(who, "audit.query", query.Subject is { } subject ? SubjectSet.Of(subject) : SubjectSet.Empty, AuditOutcome.Success, found.Count, cancellationToken);
        return new AuditPage(found, found.Count == limit ? found[^1].Seq : null);
    }

    private static async Task<List<AuditRecord>> ReadAuditBatchAsync(DbConnection c, DbTransaction tx, AuditQuery query, long? before, int count, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        await using var cmd = c.Command(tx, "");
        if (before is { } b)
        {
            where.Add("seq < @before");
            cmd.With("@before", b);
        }

        if (query.Actor is { } actor)
        {
            where.Add("actor = @actor");
            cmd.With("@actor", actor);
        }

        if (query.Action is { } action)
        {
            where.Add("action = @action");
            cmd.With("@action", action);
        }

        if (query.From is { } from)
        {
            where.Add("at_us >= @from");
            cmd.With("@from", ToMicros(from));
        }

        if (query.Until is { } until)
        {
            where.Add("at_us < @until");
            cmd.With("@until", ToMicros(until));
        }

        if (query.Subject is { } subject)
        {
            // A superset of the matches: the id written out, or any range (decided exactly by the caller).
            where.Add("(subjects LIKE '%-%' OR subjects LIKE @subject)");
            cmd.With("@subject", "%" + subject.ToString(CultureInfo.InvariantCulture) + "%");
        }

#pragma warning disable CA2100 // the conditions are this method's constants; every value is a parameter
        cmd.CommandText = $"SELECT {AuditColumns} FROM audit_event"
            + (where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where))
            + " ORDER BY seq DESC LIMIT " + count.ToString(CultureInfo.InvariantCulture);
#pragma warning restore CA2100
        return await ReadAuditRecordsAsync(cmd, cancellationToken);

        static long ToMicros(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
    }
}
