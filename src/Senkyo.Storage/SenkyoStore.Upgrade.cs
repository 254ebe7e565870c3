using System.Data.Common;
using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Keys;
using Senkyo.Storage.Engines;

namespace Senkyo.Storage;

/// <summary>
/// What a schema migration cannot do in SQL because it needs the keys: create the data keys of purposes added after
/// the store was made, and fill blind-index columns added to rows that already exist. Run by <see cref="OpenAsync"/>
/// after the migrations, in batches, each an audit event of its own under <see cref="Upgrader"/>; an upgrade stopped
/// part-way continues at the next open, and a store with nothing to do pays one index probe.
/// </summary>
public sealed partial class SenkyoStore
{
    /// <summary>Rows re-indexed per transaction when a migration added an index column.</summary>
    internal const int BackfillBatch = 2000;

    /// <summary>The actor of upgrade events: the store itself, acting for the schema, not for a clerk.</summary>
    public static readonly AccessContext Upgrader = new("senkyo", "system", "*", "schema.upgrade");

    private async Task UpgradeAsync(CancellationToken cancellationToken)
    {
        if (_ring.MissingPurposes().Count > 0)
        {
            await AddMissingKeysAsync(cancellationToken);
        }

        // Schema 3: surname blind indexes for the people stored before it (schema 3 writes them on every new row). Until
        // none is left, not until a batch comes back empty: on PostgreSQL a batch waits for rows another process is
        // filling and then finds them filled, while that process may still have batches to go, and a search for a
        // surname (alone or within a birth date) would miss the rows still pending. The look comes first, so an
        // up-to-date store pays one probe of the (empty) partial index and takes no write lock.
        while (await AnySurnamePendingAsync(cancellationToken))
        {
            await WriteAsync((c, tx) => BackfillSurnameBatchAsync(c, tx, cancellationToken), cancellationToken);
        }
    }

    /// <summary>
    /// Version 1 of each purpose that has no key, under the current master key. The key-epoch row is locked first
    /// (PostgreSQL; SQLite already holds the write lock) and the key table re-read, so two processes opening at
    /// once create each key once.
    /// </summary>
    private Task<int> AddMissingKeysAsync(CancellationToken cancellationToken) => WriteAsync(async (c, tx) =>
    {
        await c.ScalarAsync<string>(tx, "SELECT value FROM store_meta WHERE key = 'key_epoch'" + _engine.ForUpdate, cancellationToken);
        _ring.Refresh(_master, await ReadKeysAsync(c, tx, cancellationToken));
        var added = 0;
        foreach (var purpose in _ring.MissingPurposes())
        {
            var (key, _) = _ring.AddVersion(_master, purpose);
            await InsertKeyAsync(c, tx, key, cancellationToken);
            added++;
        }

        if (added > 0)
        {
            await BumpKeyEpochAsync(c, tx, cancellationToken);
            await AppendAuditAsync(c, tx, Upgrader, "key.create", SubjectSet.Empty, AuditOutcome.Success, added, cancellationToken);
        }

        return added;
    }, cancellationToken);

    private async Task<bool> AnySurnamePendingAsync(CancellationToken cancellationToken)
    {
        await using var c = await _engine.OpenAsync(cancellationToken);
        return await c.ScalarAsync<bool>(null, "SELECT EXISTS (SELECT 1 FROM person WHERE bidx_kana_surname IS NULL)", cancellationToken);
    }

    private async Task<int> BackfillSurnameBatchAsync(DbConnection c, DbTransaction tx, CancellationToken cancellationToken)
    {
        var rows = new List<(long Id, byte[] Identity)>();
        await using (var cmd = c.Command(tx, $"SELECT id, identity FROM person WHERE bidx_kana_surname IS NULL ORDER BY id LIMIT {BackfillBatch}{_engine.ForUpdate}"))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
            }
        }

        if (rows.Count == 0)
        {
            return 0;
        }

        var kana = _ring.Active(KeyPurpose.KanaSurnameIndex);
        var kanji = _ring.Active(KeyPurpose.KanjiSurnameIndex);
        foreach (var (id, blob) in rows)
        {
            var identity = (TryDecrypt(new StoredRow(id, "", null, 0, 0, null, blob, false), out var failure) ?? throw failure!).Identity;
            await c.ExecAsync(tx, "UPDATE person SET bidx_kana_surname = @a, bidx_kanji_surname = @b WHERE id = @id", cancellationToken,
                ("@a", _indexer.Compute(kana, identity.SurnameKana)), ("@b", _indexer.Compute(kanji, identity.Surname)), ("@id", id));
        }

        await AppendAuditAsync(c, tx, Upgrader, "person.reindex", SubjectSet.Of(rows.Select(r => r.Id)), AuditOutcome.Success, rows.Count, cancellationToken);
        return rows.Count;
    }
}
