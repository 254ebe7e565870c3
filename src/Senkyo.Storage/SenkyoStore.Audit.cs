using System.Data.Common;
using System.Security.Cryptography;
using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Encryption;
using Senkyo.Privacy.Keys;
using Senkyo.Storage.Engines;

namespace Senkyo.Storage;

public sealed partial class SenkyoStore
{
    public async Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(CancellationToken cancellationToken)
    {
        await using var c = await _engine.OpenAsync(cancellationToken);
        await using var tx = await _engine.BeginSnapshotAsync(c, cancellationToken);
        return await ReadRecordsAsync(c, tx, cancellationToken);
    }

    public async Task<AuditVerification> VerifyAuditAsync(IEnumerable<Checkpoint> external, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(external);
        await using var c = await _engine.OpenAsync(cancellationToken);
        await using var tx = await _engine.BeginSnapshotAsync(c, cancellationToken);
        var records = await ReadRecordsAsync(c, tx, cancellationToken);
        var head = await c.ScalarAsync<long?>(tx, "SELECT size FROM audit_head WHERE id = 1", cancellationToken);
        var checkpoints = await ReadCheckpointsAsync(c, tx, cancellationToken);
        foreach (var cp in external)
        {
            // A checkpoint from outside is trusted only under the key the store has always signed with.
            if (cp.KeyFingerprint != Info.AuditKeyFingerprint)
            {
                return new AuditVerification(records.Count, MerkleTree.EmptyRoot, Math.Min(cp.Size, records.Count),
                    $"the checkpoint of size {cp.Size} is signed by key {cp.KeyFingerprint}, but this store signs with {Info.AuditKeyFingerprint}", []);
            }

            checkpoints.Add(cp);
        }

        return AuditLogVerifier.Verify(records, head ?? -1, checkpoints, Info.StoreId);
    }

    /// <summary>
    /// Signs the current tree head, after checking the chain: a tampered log is never signed. The checkpoint is
    /// kept in the store and returned for handing out; its own creation is the next audit event.
    /// </summary>
    public async Task<Checkpoint> CheckpointAsync(AccessContext who, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        return await WriteAsync(async (c, tx) =>
        {
            var head = await c.ScalarAsync<long>(tx, "SELECT size FROM audit_head WHERE id = 1" + _engine.ForUpdate, cancellationToken);
            var records = await ReadRecordsAsync(c, tx, cancellationToken);
            var verification = AuditLogVerifier.Verify(records, head, await ReadCheckpointsAsync(c, tx, cancellationToken), Info.StoreId);
            if (!verification.IsIntact)
            {
                throw new StoreRefusedException($"The audit log is not intact, so it is not signed: {verification.Problem}.");
            }

            Checkpoint cp;
            using (var signer = _ring.CreateAuditSigner())
            {
                cp = Checkpoint.Sign(Info.StoreId, verification.Size, verification.Root, Time.GetUtcNow(), signer);
            }

            await c.ExecAsync(tx, "INSERT INTO audit_checkpoint (size, body) VALUES (@s, @b) ON CONFLICT (size) DO NOTHING", cancellationToken, ("@s", cp.Size), ("@b", cp.ToText()));
            await AppendAuditAsync(c, tx, who, "audit.checkpoint", SubjectSet.Empty, AuditOutcome.Success, cp.Size, cancellationToken);
            return cp;
        }, cancellationToken);
    }

    public async Task<InclusionProofResult> ProveAsync(long seq, CancellationToken cancellationToken)
    {
        await using var c = await _engine.OpenAsync(cancellationToken);
        await using var tx = await _engine.BeginSnapshotAsync(c, cancellationToken);
        var records = await ReadRecordsAsync(c, tx, cancellationToken);
        if (seq < 0 || seq >= records.Count)
        {
            throw new StoreRefusedException($"No audit event {seq}: the log holds events 0..{records.Count - 1}.");
        }

        var leaves = records.Select(r => r.LeafHash).ToList();
        var root = MerkleTree.Root(leaves, leaves.Count);
        var path = MerkleTree.InclusionProof(leaves, seq, leaves.Count);
        var record = records[(int)seq];
        var leaf = record.ComputeLeafHash();
        return new InclusionProofResult(seq, leaves.Count, leaf, root, path, record, MerkleTree.VerifyInclusion(seq, leaves.Count, leaf, path, root));
    }

    /// <summary>Re-wraps every data key under a new master key in one transaction; the data is untouched.</summary>
    public async Task RewrapKeysAsync(AccessContext who, MasterKey newMaster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(newMaster);
        await WriteAsync(async (c, tx) =>
        {
            var wrapped = _ring.RewrapAll(newMaster);
            foreach (var w in wrapped)
            {
                await c.ExecAsync(tx, "UPDATE data_key SET master_key_id = @m, wrapped = @w WHERE purpose = @p AND version = @v", cancellationToken,
                    ("@m", w.MasterKeyId), ("@w", w.Wrapped), ("@p", w.Purpose.Code()), ("@v", w.Version));
            }

            await BumpKeyEpochAsync(c, tx, cancellationToken);
            await AppendAuditAsync(c, tx, who, "key.rewrap", SubjectSet.Empty, AuditOutcome.Success, wrapped.Count, cancellationToken);
            return 0;
        }, cancellationToken);
        var old = _master;
        _master = newMaster.Clone();
        old.Dispose();
        Info = Info with { MasterKeyId = newMaster.Id };
    }

    /// <summary>
    /// Adds new versions of the encryption and index keys, then re-encrypts and re-indexes the rows still under
    /// old versions, a batch per transaction with its own audit event. Resumable: a run that stops part-way leaves
    /// rows under both versions, both readable and findable, and the next run continues without adding versions.
    /// </summary>
    public async Task<ReencryptionProgress> RotateDataKeysAsync(AccessContext who, int batchSize, IProgress<ReencryptionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var remaining = await WriteAsync(async (c, tx) =>
        {
            var stale = await CountStaleAsync(c, tx, cancellationToken);
            if (stale > 0)
            {
                await AppendAuditAsync(c, tx, who, "key.rotate.resume", SubjectSet.Empty, AuditOutcome.Success, stale, cancellationToken);
                return stale;
            }

            foreach (var purpose in RotatedPurposes)
            {
                var (added, retired) = _ring.AddVersion(_master, purpose);
                await InsertKeyAsync(c, tx, added, cancellationToken);
                foreach (var old in retired)
                {
                    await c.ExecAsync(tx, "UPDATE data_key SET state = @s WHERE purpose = @p AND version = @v", cancellationToken,
                        ("@s", (int)KeyState.Retired), ("@p", old.Purpose.Code()), ("@v", old.Version));
                }
            }

            await BumpKeyEpochAsync(c, tx, cancellationToken);
            var all = await CountStaleAsync(c, tx, cancellationToken);
            await AppendAuditAsync(c, tx, who, "key.rotate", SubjectSet.Empty, AuditOutcome.Success, all, cancellationToken);
            return all;
        }, cancellationToken);

        long done = 0;
        while (remaining > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (var batch, remaining) = await WriteAsync(async (c, tx) =>
            {
                var ids = await ReencryptBatchAsync(c, tx, batchSize, cancellationToken);
                ids = ids.Count > 0 ? ids : await ReencryptOverseasBatchAsync(c, tx, batchSize, cancellationToken);
                await AppendAuditAsync(c, tx, who, "key.reencrypt", SubjectSet.Of(ids), AuditOutcome.Success, ids.Count, cancellationToken);
                return (ids.Count, await CountStaleAsync(c, tx, cancellationToken));
            }, cancellationToken);
            done += batch;
            progress?.Report(new ReencryptionProgress(done, remaining));
            if (batch == 0)
            {
                break;
            }
        }

        return new ReencryptionProgress(done, remaining);
    }

    private (string Sql, (string, object?)[] Parameters) StaleCondition() =>
        ("(identity_key <> @ik OR index_key <> @xk OR (health IS NOT NULL AND health_key <> @hk))",
         [("@ik", _ring.Active(KeyPurpose.IdentityEncryption).Version), ("@xk", _ring.Active(KeyPurpose.KanaNameIndex).Version), ("@hk", _ring.Active(KeyPurpose.HealthEncryption).Version)]);

    private async Task<long> CountStaleAsync(DbConnection c, DbTransaction tx, CancellationToken cancellationToken)
    {
        var (sql, parameters) = StaleCondition();
        return await c.ScalarAsync<long>(tx, $"SELECT count(*) FROM person WHERE {sql}", cancellationToken, parameters) + await CountStaleOverseasAsync(c, tx, cancellationToken);
    }

    private async Task<List<long>> ReencryptBatchAsync(DbConnection c, DbTransaction tx, int batchSize, CancellationToken cancellationToken)
    {
        var (sql, parameters) = StaleCondition();
        var rows = new List<(long Id, byte[] Identity, byte[]? Health)>();
        await using (var cmd = c.Command(tx, $"SELECT id, identity, health FROM person WHERE {sql} ORDER BY id LIMIT {batchSize}{_engine.ForUpdate}"))
        {
            foreach (var (name, value) in parameters)
            {
                cmd.With(name, value);
            }

            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), (byte[])reader.GetValue(1), reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2)));
            }
        }

        foreach (var (id, identityBlob, healthBlob) in rows)
        {
            var stored = new StoredRow(id, "", null, 0, 0, null, identityBlob, false);
            var person = TryDecrypt(stored, out var failure) ?? throw failure!;
            var row = ProtectIdentity(id, person.ResidentId, person.HouseholdId, person.ResidentSince, person.Identity);
            var reference = _ring.Active(KeyPurpose.ResidentReference);
            byte[]? health = null;
            if (healthBlob is not null)
            {
                var context = new FieldContext(PersonTable, HealthGroup, id);
                var plain = _cipher.Decrypt(KeyPurpose.HealthEncryption, context, healthBlob);
                health = _cipher.Encrypt(KeyPurpose.HealthEncryption, context, plain);
                CryptographicOperations.ZeroMemory(plain);
            }

            await c.ExecAsync(tx, $"UPDATE person SET {IdentitySetSql}, resident_ref = @rr, household_ref = @hr, health = @h, health_key = @hk WHERE id = @id", cancellationToken,
                [.. IdentityParameters(row),
                ("@rr", _indexer.Reference(reference, person.ResidentId)), ("@hr", _indexer.Reference(reference, person.HouseholdId)),
                ("@h", health), ("@hk", health is null ? null : FieldCipher.KeyVersionOf(health)), ("@id", id)]);
        }

        return [.. rows.Select(r => r.Id)];
    }

    private static async Task<List<AuditRecord>> ReadRecordsAsync(DbConnection c, DbTransaction tx, CancellationToken cancellationToken)
    {
        await using var cmd = c.Command(tx, $"SELECT {AuditColumns} FROM audit_event ORDER BY seq");
        return await ReadAuditRecordsAsync(cmd, cancellationToken);
    }

    /// <summary>The stored columns of an audit event, in the order <see cref="ReadAuditRecordsAsync"/> reads them.</summary>
    private const string AuditColumns = StorageEngine.AuditEventColumns;

    private static async Task<List<AuditRecord>> ReadAuditRecordsAsync(DbCommand cmd, CancellationToken cancellationToken)
    {
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

    private static async Task<List<Checkpoint>> ReadCheckpointsAsync(DbConnection c, DbTransaction tx, CancellationToken cancellationToken)
    {
        var list = new List<Checkpoint>();
        await using var cmd = c.Command(tx, "SELECT size, body FROM audit_checkpoint ORDER BY size");
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Checkpoint.Parse(reader.GetString(1), $"audit_checkpoint row {reader.GetInt64(0)}"));
        }

        return list;
    }
}
