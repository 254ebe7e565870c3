using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Encryption;
using Senkyo.Privacy.Indexing;
using Senkyo.Privacy.Keys;
using Senkyo.Storage.Engines;
using Senkyo.Storage.Import;

namespace Senkyo.Storage;

public sealed partial class SenkyoStore
{
    private sealed record StoredRow(long Id, string WardCode, string? District, int Status, int Sex, DateOnly? RegisteredOn, byte[] Identity, bool HasHealth);

    /// <summary>
    /// One write transaction: refresh keys if another process rotated them, run the body, record how many nonces
    /// were drawn under each key, commit. Everything the body wrote, including its audit events, commits or none does.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> body, CancellationToken cancellationToken, bool refreshKeys = true)
    {
        await using var c = await _engine.OpenAsync(cancellationToken);
        return await WriteAsync(c, body, refreshKeys, cancellationToken);
    }

    /// <summary>
    /// <see cref="WriteAsync{T}(Func{DbConnection, DbTransaction, Task{T}}, CancellationToken, bool)"/> for a bulk load:
    /// where the engine can, the options allow (<see cref="StoreOptions.ExclusiveBulkLoad"/>) and the load goes into the
    /// empty person table on the store's only connection, under the journal that writes the rows once
    /// (<see cref="StorageEngine.EnterBulkJournalAsync"/>).
    /// </summary>
    private async Task<T> BulkWriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> body, CancellationToken cancellationToken)
    {
        await using var c = await _engine.OpenAsync(cancellationToken);
        var entered = _options.ExclusiveBulkLoad && await _engine.EnterBulkJournalAsync(c, cancellationToken);
        try
        {
            return await WriteAsync(c, body, refreshKeys: true, cancellationToken);
        }
        finally
        {
            if (entered)
            {
                await _engine.LeaveBulkJournalAsync(c);
            }
        }
    }

    private async Task<T> WriteAsync<T>(DbConnection c, Func<DbConnection, DbTransaction, Task<T>> body, bool refreshKeys, CancellationToken cancellationToken)
    {
        await using var tx = await _engine.BeginWriteAsync(c, cancellationToken);
        if (refreshKeys)
        {
            await RefreshKeysIfChangedAsync(c, tx, cancellationToken);
        }

        var result = await body(c, tx);
        var drained = new List<(DataKey Key, long Count)>();
        foreach (var key in _ring.All())
        {
            var n = key.DrainUnpersistedEncryptions();
            if (n > 0)
            {
                drained.Add((key, n));
                await c.ExecAsync(tx, "UPDATE data_key SET encryptions = encryptions + @n WHERE purpose = @p AND version = @v", cancellationToken,
                    ("@n", n), ("@p", key.Purpose.Code()), ("@v", key.Version));
            }
        }

        try
        {
            await tx.CommitAsync(cancellationToken);
        }
        catch
        {
            foreach (var (key, n) in drained)
            {
                key.RestoreUnpersistedEncryptions(n);
            }

            throw;
        }

        return result;
    }

    private async Task RefreshKeysIfChangedAsync(DbConnection c, DbTransaction tx, CancellationToken cancellationToken)
    {
        var epoch = long.Parse(await c.ScalarAsync<string>(tx, "SELECT value FROM store_meta WHERE key = 'key_epoch'", cancellationToken) ?? "0", CultureInfo.InvariantCulture);
        if (epoch != Interlocked.Read(ref _keyEpoch))
        {
            _ring.Refresh(_master, await ReadKeysAsync(c, tx, cancellationToken));
            Interlocked.Exchange(ref _keyEpoch, epoch);
        }
    }

    private async Task BumpKeyEpochAsync(DbConnection c, DbTransaction tx, CancellationToken cancellationToken)
    {
        var epoch = long.Parse(await c.ScalarAsync<string>(tx, "SELECT value FROM store_meta WHERE key = 'key_epoch'" + _engine.ForUpdate, cancellationToken) ?? "0", CultureInfo.InvariantCulture) + 1;
        await c.ExecAsync(tx, "UPDATE store_meta SET value = @v WHERE key = 'key_epoch'", cancellationToken, ("@v", epoch.ToString(CultureInfo.InvariantCulture)));
        Interlocked.Exchange(ref _keyEpoch, epoch);
    }

    private static async Task<List<WrappedKey>> ReadKeysAsync(DbConnection c, DbTransaction? tx, CancellationToken cancellationToken)
    {
        var keys = new List<WrappedKey>();
        await using var cmd = c.Command(tx, "SELECT purpose, version, master_key_id, wrapped, state, encryptions, created_at_us FROM data_key ORDER BY purpose, version");
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new WrappedKey(
                KeyPurposes.Parse(reader.GetString(0)),
                reader.GetInt32(1),
                reader.GetString(2),
                (byte[])reader.GetValue(3),
                (KeyState)reader.GetInt32(4),
                reader.GetInt64(5),
                DateTimeOffset.UnixEpoch.AddTicks(reader.GetInt64(6) * 10)));
        }

        return keys;
    }

    private static Task<int> InsertKeyAsync(DbConnection c, DbTransaction tx, WrappedKey w, CancellationToken cancellationToken) =>
        c.ExecAsync(tx, "INSERT INTO data_key (purpose, version, master_key_id, wrapped, state, encryptions, created_at_us) VALUES (@p, @v, @m, @w, @s, @e, @t)", cancellationToken,
            ("@p", w.Purpose.Code()), ("@v", w.Version), ("@m", w.MasterKeyId), ("@w", w.Wrapped), ("@s", (int)w.State), ("@e", w.Encryptions),
            ("@t", (w.CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10));

    /// <summary>
    /// Appends one event to the chain: lock the head (PostgreSQL row lock; SQLite already holds the write lock),
    /// link to the previous leaf hash, insert, move the head. Serializing on the head is what keeps the chain from
    /// forking under concurrent writers; the seq primary key backs it up in the schema (schema 6 dropped UNIQUE(prev_hash),
    /// which put every append on a random page of an index as large as the log).
    /// </summary>
    private Task<long> AppendAuditAsync(DbConnection c, DbTransaction tx, AccessContext who, string action, SubjectSet subjects, AuditOutcome outcome, long? resultCount, CancellationToken cancellationToken) =>
        AppendAuditAsync(c, tx, who, [new AuditEntry(action, subjects, outcome, resultCount)], cancellationToken);

    /// <summary>
    /// Appends several events of one caller in order, with one read and one write of the head and one insert: a
    /// look-up's search and display events cost three statements instead of six. Returns the first one's position.
    /// </summary>
    private Task<long> AppendAuditAsync(DbConnection c, DbTransaction tx, AccessContext who, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(entries.Count);
        return _engine.AppendAuditAsync(c, tx, (size, last) =>
        {
            // The time is read under the head's lock, so positions and times rise together.
            var at = Time.GetUtcNow();
            var records = new AuditRecord[entries.Count];
            for (var i = 0; i < records.Length; i++)
            {
                var (action, subjects, outcome, resultCount) = entries[i];
                records[i] = AuditRecord.Create(size + i, new AuditEvent(at, who.Actor, who.Role, who.WardScope, who.Purpose, action, subjects, outcome, resultCount), last);
                last = records[i].LeafHash;
            }

            return records;
        }, cancellationToken);
    }

    /// <summary>One event of <see cref="AppendAuditAsync(DbConnection, DbTransaction, AccessContext, IReadOnlyList{AuditEntry}, CancellationToken)"/>.</summary>
    private sealed record AuditEntry(string Action, SubjectSet Subjects, AuditOutcome Outcome, long? ResultCount);

    private static async Task<long> AllocateIdsAsync(DbConnection c, DbTransaction tx, long count, CancellationToken cancellationToken) =>
        await c.ScalarAsync<long>(tx, "UPDATE id_allocator SET next_id = next_id + @n WHERE name = 'person' RETURNING next_id - @n", cancellationToken, ("@n", count));

    private PersonRow Protect(long id, NewPerson p, long nowMicros, RepeatedIndexes? repeated = null)
    {
        var reference = _ring.Active(KeyPurpose.ResidentReference);
        var x = ProtectIdentityParts(id, p.ResidentId, p.HouseholdId, p.ResidentSince, p.Identity, repeated);
        return new PersonRow(
            id, _indexer.Reference(reference, p.ResidentId), _indexer.Reference(reference, p.HouseholdId), p.WardCode, p.District, p.Status, p.Sex, p.RegisteredOn, nowMicros,
            x.Blob, FieldCipher.KeyVersionOf(x.Blob), x.IndexKey, x.Kana, x.Kanji, x.Birth, x.KanaBirth, x.KanaSurname, x.KanjiSurname);
    }

    /// <summary>Encrypts the identity group and computes the six look-up indexes under the active keys.</summary>
    private PersonRow ProtectIdentity(long id, string residentId, string householdId, DateOnly residentSince, PersonIdentity i)
    {
        var x = ProtectIdentityParts(id, residentId, householdId, residentSince, i, null);
        return new PersonRow(id, [], [], "", null, 0, 0, null, 0, x.Blob, FieldCipher.KeyVersionOf(x.Blob), x.IndexKey, x.Kana, x.Kanji, x.Birth, x.KanaBirth, x.KanaSurname, x.KanjiSurname);
    }

    private ProtectedIdentity ProtectIdentityParts(long id, string residentId, string householdId, DateOnly residentSince, PersonIdentity i, RepeatedIndexes? repeated)
    {
        var birth = BlindIndexer.BirthValue(i.BirthDate);
        ReadOnlySpan<string?> fields = [residentId, householdId, i.Surname, i.GivenName, i.SurnameKana, i.GivenNameKana, birth, i.Nationality, i.PostalCode, i.Address, i.Banchi, i.Building, i.Phone, i.PreviousAddress, i.Relationship, i.TownCode, BlindIndexer.BirthValue(residentSince)];
        // The plaintext lives on this stack frame only (an import protects ~830,000 of them) and is wiped before it returns.
        var size = FieldGroupCodec.EncodedSize(fields);
        var plain = size <= 2048 ? stackalloc byte[size] : new byte[size];
        byte[] blob;
        try
        {
            var n = FieldGroupCodec.Encode(fields, plain);
            blob = _cipher.Encrypt(KeyPurpose.IdentityEncryption, new FieldContext(PersonTable, IdentityGroup, id), plain[..n]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }

        var kana = _ring.Active(KeyPurpose.KanaNameIndex);
        return new ProtectedIdentity(
            blob,
            kana.Version,
            _indexer.Compute(kana, i.KanaName),
            _indexer.Compute(_ring.Active(KeyPurpose.KanjiNameIndex), i.KanjiName),
            repeated?.Birth.Compute(i.BirthDate, birth) ?? _indexer.Compute(_ring.Active(KeyPurpose.BirthDateIndex), birth),
            _indexer.ComputeKanaBirth(_ring.Active(KeyPurpose.KanaBirthIndex), i.SurnameKana, i.GivenNameKana, i.BirthDate),
            repeated?.KanaSurname.Compute(i.SurnameKana) ?? _indexer.Compute(_ring.Active(KeyPurpose.KanaSurnameIndex), i.SurnameKana),
            repeated?.KanjiSurname.Compute(i.Surname) ?? _indexer.Compute(_ring.Active(KeyPurpose.KanjiSurnameIndex), i.Surname));
    }

    /// <summary>The identity ciphertext and its blind indexes, before they are placed in a row.</summary>
    private readonly record struct ProtectedIdentity(byte[] Blob, int IndexKey, long Kana, long Kanji, long Birth, long KanaBirth, long KanaSurname, long KanjiSurname);

    private static Task<int> InsertRowAsync(DbConnection c, DbTransaction tx, PersonRow r, CancellationToken cancellationToken) =>
        c.ExecAsync(tx, $"INSERT INTO person ({StorageEngine.PersonColumns}) VALUES ({string.Join(", ", SqliteEngine.PersonParameters)})", cancellationToken,
            [("@id", r.Id), ("@rr", r.ResidentRef), ("@hr", r.HouseholdRef), ("@ward", r.WardCode), ("@district", r.District), ("@status", r.Status), ("@sex", r.Sex),
            ("@reg", r.RegisteredOn), ("@upd", r.UpdatedAtMicros), .. IdentityParameters(r)]);

    /// <summary>
    /// SET clause for a re-protected identity: the ciphertext, its key versions and every blind index. The one list of
    /// what an identity change rewrites, so no path can update the ciphertext and leave an index stale.
    /// </summary>
    private const string IdentitySetSql = "identity = @identity, identity_key = @ik, index_key = @xk, bidx_kana = @b1, bidx_kanji = @b2, bidx_birth = @b3, bidx_kana_birth = @b4, bidx_kana_surname = @b5, bidx_kanji_surname = @b6";

    private static (string, object?)[] IdentityParameters(PersonRow r) =>
        [("@identity", r.Identity), ("@ik", r.IdentityKey), ("@xk", r.IndexKey), ("@b1", r.KanaIndex), ("@b2", r.KanjiIndex), ("@b3", r.BirthIndex), ("@b4", r.KanaBirthIndex),
         ("@b5", r.KanaSurnameIndex), ("@b6", r.KanjiSurnameIndex)];

    private static async Task<List<StoredRow>> SelectPeopleAsync(DbConnection c, DbTransaction tx, string where, IEnumerable<(string, object?)> parameters, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = c.Command(tx, $"SELECT id, ward_code, district, status, sex, registered_on, identity, health IS NOT NULL FROM person WHERE {where} ORDER BY id LIMIT {limit.ToString(CultureInfo.InvariantCulture)}");
        foreach (var (name, value) in parameters)
        {
            cmd.With(name, value);
        }

        var rows = new List<StoredRow>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredRow(
                reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5), (byte[])reader.GetValue(6),
                Convert.ToBoolean(reader.GetValue(7), CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    private PersonRecord? TryDecrypt(StoredRow row, out Exception? failure)
    {
        try
        {
            var plain = _cipher.Decrypt(KeyPurpose.IdentityEncryption, new FieldContext(PersonTable, IdentityGroup, row.Id), row.Identity);
            var f = FieldGroupCodec.Decode(plain);
            CryptographicOperations.ZeroMemory(plain);
            var identity = new PersonIdentity(f[2]!, f[3]!, f[4]!, f[5]!, DateOnly.ParseExact(f[6]!, "yyyy-MM-dd", CultureInfo.InvariantCulture), f[7]!, f[8]!, f[9]!, f[10]!, f[11]!, f[12]!, f[13]!, f[14]!, f[15]!);
            failure = null;
            var since = DateOnly.ParseExact(f[16]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return new PersonRecord(row.Id, f[0]!, f[1]!, row.WardCode, row.District, row.Status, row.Sex, since, row.RegisteredOn, identity, row.HasHealth);
        }
        catch (TamperedDataException e)
        {
            failure = e;
            return null;
        }
    }
}
