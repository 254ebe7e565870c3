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

/// <summary>
/// The protected store (保護された記憶域) over either engine. Personal fields leave this class only as AES-GCM
/// ciphertext and blind indexes; every access writes an audit event inside the same transaction.
/// </summary>
public sealed partial class SenkyoStore : ISenkyoStore
{
    private const string PersonTable = "person";
    private const string IdentityGroup = "identity.v1";
    private const string HealthGroup = "health.v1";

    private static readonly KeyPurpose[] IndexPurposes =
        [KeyPurpose.KanaNameIndex, KeyPurpose.KanjiNameIndex, KeyPurpose.BirthDateIndex, KeyPurpose.KanaBirthIndex, KeyPurpose.ResidentReference, KeyPurpose.KanaSurnameIndex, KeyPurpose.KanjiSurnameIndex];

    private static readonly KeyPurpose[] RotatedPurposes =
        [KeyPurpose.IdentityEncryption, KeyPurpose.HealthEncryption, .. IndexPurposes];

    private readonly StorageEngine _engine;
    private readonly StoreOptions _options;
    private readonly KeyRing _ring;
    private readonly FieldCipher _cipher;
    private readonly BlindIndexer _indexer;

    // The search-key normalization as a delegate, made once: name searches are planned with it on every look-up.
    private readonly Func<string, string> _normalize;
    private MasterKey _master;
    private long _keyEpoch;

    private SenkyoStore(StorageEngine engine, StoreOptions options, MasterKey master, KeyRing ring, StoreInfo info, long keyEpoch)
    {
        _engine = engine;
        _options = options;
        _master = master;
        _ring = ring;
        _cipher = new FieldCipher(ring);
        _normalize = options.Normalizer.Normalize;
        _indexer = new BlindIndexer(ring, _normalize, options.Normalizer.TryNormalize);
        Info = info;
        _keyEpoch = keyEpoch;
    }

    public StoreInfo Info { get; private set; }

    private TimeProvider Time => _options.Time;

    /// <summary>Creates the schema, the data keys (wrapped by <paramref name="master"/>) and the first audit events.</summary>
    public static async Task<SenkyoStore> CreateAsync(StoreLocation location, MasterKey master, StoreKind kind, AccessContext who, StoreOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(who);
        options ??= new StoreOptions();
        Directory.CreateDirectory(location.DataDirectory);
        var engine = location.CreateEngine();
        try
        {
            engine.CreateFiles(location.DataDirectory);
            await Migrator.MigrateAsync(engine, options.Time, cancellationToken);
            var storeId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var (ring, wrapped) = KeyRing.CreateNew(storeId, master, options.Time, options.KeyRing);
            string fingerprint;
            using (var signer = ring.CreateAuditSigner())
            {
                fingerprint = Convert.ToHexStringLower(SHA256.HashData(signer.ExportSubjectPublicKeyInfo())[..8]);
            }

            var info = new StoreInfo(storeId, kind, engine.Kind, master.Id, fingerprint);
            var store = new SenkyoStore(engine, options, master.Clone(), ring, info, 1);
            await store.WriteAsync(async (c, tx) =>
            {
                if (await c.ScalarAsync<long>(tx, "SELECT count(*) FROM store_meta", cancellationToken) > 0)
                {
                    throw new StoreRefusedException($"{location.DataDirectory}: a store already exists there; it is never re-initialised.");
                }

                foreach (var (k, v) in new[] { ("store_id", storeId), ("kind", kind.ToString().ToLowerInvariant()), ("key_epoch", "1"), ("audit_key", fingerprint), ("created_at", options.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)) })
                {
                    await c.ExecAsync(tx, "INSERT INTO store_meta (key, value) VALUES (@k, @v)", cancellationToken, ("@k", k), ("@v", v));
                }

                foreach (var w in wrapped)
                {
                    await InsertKeyAsync(c, tx, w, cancellationToken);
                }

                await c.ExecAsync(tx, "INSERT INTO id_allocator (name, next_id) VALUES ('person', 1)", cancellationToken);
                await c.ExecAsync(tx, "INSERT INTO audit_head (id, size, last_hash) VALUES (1, 0, @h)", cancellationToken, ("@h", MerkleTree.EmptyRoot));
                await store.AppendAuditAsync(c, tx, who, "store.init", SubjectSet.Empty, AuditOutcome.Success, null, cancellationToken);
                await store.AppendAuditAsync(c, tx, who, "key.create", SubjectSet.Empty, AuditOutcome.Success, wrapped.Count, cancellationToken);
                return 0;
            }, cancellationToken, refreshKeys: false);
            return store;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens an existing store; a wrong or missing master key fails here, before any data is read.</summary>
    public static async Task<SenkyoStore> OpenAsync(StoreLocation location, MasterKey master, StoreOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(master);
        options ??= new StoreOptions();
        if (location.Engine == EngineKind.Sqlite && !File.Exists(location.SqlitePath))
        {
            throw new StoreRefusedException($"{location.DataDirectory}: no store there ({SqliteEngine.FileName} missing); create one with 'senkyo init'.");
        }

        var engine = location.CreateEngine();
        try
        {
            await Migrator.MigrateAsync(engine, options.Time, cancellationToken);
            await using var c = await engine.OpenAsync(cancellationToken);
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            await using (var cmd = c.Command(null, "SELECT key, value FROM store_meta"))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    meta[reader.GetString(0)] = reader.GetString(1);
                }
            }

            if (!meta.TryGetValue("store_id", out var storeId))
            {
                throw new StoreRefusedException($"{location.DataDirectory}: the store was never initialised; run 'senkyo init'.");
            }

            var ring = KeyRing.Open(storeId, master, await ReadKeysAsync(c, null, cancellationToken), options.Time, options.KeyRing, allowMissingPurposes: true);
            var kind = meta["kind"] == "synthetic" ? StoreKind.Synthetic : StoreKind.Production;
            var info = new StoreInfo(storeId, kind, engine.Kind, master.Id, meta["audit_key"]);
            var store = new SenkyoStore(engine, options, master.Clone(), ring, info, long.Parse(meta["key_epoch"], CultureInfo.InvariantCulture));
            try
            {
                await store.UpgradeAsync(cancellationToken);
            }
            catch
            {
                store._ring.Dispose();
                store._master.Dispose();
                throw;
            }

            return store;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    public async Task<long> AddPersonAsync(AccessContext who, NewPerson person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        CheckOrigin(person, 0);
        return await WriteAsync(async (c, tx) =>
        {
            var id = await AllocateIdsAsync(c, tx, 1, cancellationToken);
            var row = Protect(id, person, NowMicros());
            await InsertRowAsync(c, tx, row, cancellationToken);
            await AppendAuditAsync(c, tx, who, "person.create", SubjectSet.Of(id), AuditOutcome.Success, 1, cancellationToken);
            return id;
        }, cancellationToken);
    }

    public async Task<BulkInsertResult> AddPeopleAsync(AccessContext who, IEnumerable<NewPerson> people, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(people);
        try
        {
            return await BulkAddAsync(who, people, progress, cancellationToken);
        }
        catch (DbException e) when (_engine.IsUniqueViolation(e))
        {
            throw new StoreRefusedException("Two of the records carry the same resident number, or one is already stored: nothing was written.", e);
        }
    }

    private async Task<BulkInsertResult> BulkAddAsync(AccessContext who, IEnumerable<NewPerson> people, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        return await BulkWriteAsync(async (c, tx) =>
        {
            long count = 0, first = 0, last = 0;
            try
            {
                var deferred = await _engine.BeginBulkAsync(c, tx, cancellationToken);
                // A two-stage pipeline: while one batch is written (one thread, the connection), the next is encrypted
                // and indexed on the other cores.
                var workers = Math.Max(1, Environment.ProcessorCount - 1);
                var repeated = new RepeatedIndexes(_indexer, _ring);
                PersonRow[]? ready = null;
                foreach (var chunk in people.Chunk(_options.BulkBatchSize))
                {
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        CheckOrigin(chunk[i], count + i);
                    }

                    var start = await AllocateIdsAsync(c, tx, chunk.Length, cancellationToken);
                    first = count == 0 ? start : first;
                    var now = NowMicros();
                    var prepare = Task.Run(() =>
                    {
                        var rows = new PersonRow[chunk.Length];
                        Parallel.For(0, chunk.Length, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = workers }, i => rows[i] = Protect(start + i, chunk[i], now, repeated));
                        return rows;
                    }, cancellationToken);
                    if (ready is not null)
                    {
                        await _engine.BulkInsertAsync(c, tx, ready, cancellationToken);
                        progress?.Report(count);
                    }

                    ready = await prepare;
                    count += chunk.Length;
                    last = start + chunk.Length - 1;
                }

                if (ready is not null)
                {
                    await _engine.BulkInsertAsync(c, tx, ready, cancellationToken);
                    progress?.Report(count);
                }

                await _engine.EndBulkAsync(c, tx, deferred, cancellationToken);
            }
            finally
            {
                await _engine.RestoreAfterBulkAsync(c, tx);
            }

            var seq = await AppendAuditAsync(c, tx, who, "person.import", count == 0 ? SubjectSet.Empty : SubjectSet.Range(first, last), AuditOutcome.Success, count, cancellationToken);
            return new BulkInsertResult(count, first, last, seq);
        }, cancellationToken);
    }

    public async Task<PersonRecord> ReadPersonAsync(AccessContext who, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var (record, refusal) = await WriteAsync(async (c, tx) =>
        {
            var rows = await SelectPeopleAsync(c, tx, "id = @id", [("@id", id)], 1, cancellationToken);
            if (rows.Count == 0)
            {
                await AppendAuditAsync(c, tx, who, "person.read", SubjectSet.Of(id), AuditOutcome.Failed, 0, cancellationToken);
                return ((PersonRecord?)null, (Exception?)new StoreRefusedException($"No person with id {id}."));
            }

            if (!who.CoversWard(rows[0].WardCode))
            {
                await AppendAuditAsync(c, tx, who, "person.read", SubjectSet.Of(id), AuditOutcome.Denied, 0, cancellationToken);
                return (null, new StoreRefusedException($"Person {id} is outside the ward scope '{who.WardScope}'."));
            }

            var decrypted = TryDecrypt(rows[0], out var failure);
            await AppendAuditAsync(c, tx, who, "person.read", SubjectSet.Of(id), decrypted is null ? AuditOutcome.Failed : AuditOutcome.Success, decrypted is null ? 0 : 1, cancellationToken);
            return (decrypted, failure);
        }, cancellationToken);
        // The event is committed before anything is returned or thrown: a read that cannot be logged is never served.
        return record ?? throw refusal!;
    }

    public async Task<IReadOnlyList<PersonRecord>> FindPeopleAsync(AccessContext who, PersonQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(query);
        var (column, value) = query.Lookup switch
        {
            PersonLookup.KanaName => ("bidx_kana", Required(query.Name)),
            PersonLookup.KanjiName => ("bidx_kanji", Required(query.Name)),
            PersonLookup.BirthDate => ("bidx_birth", BlindIndexer.BirthValue(Required(query.BirthDate))),
            _ => ("bidx_kana_birth", BlindIndexer.KanaBirthValue(_normalize(Required(query.Name)), Required(query.BirthDate))),
        };
        var purpose = query.Lookup switch
        {
            PersonLookup.KanaName => KeyPurpose.KanaNameIndex,
            PersonLookup.KanjiName => KeyPurpose.KanjiNameIndex,
            PersonLookup.BirthDate => KeyPurpose.BirthDateIndex,
            _ => KeyPurpose.KanaBirthIndex,
        };
        return await WriteAsync(async (c, tx) =>
        {
            var (where, parameters) = IndexWhere.Build([[new IndexLookup(column, purpose, value)]], _indexer.ComputeAllVersions, who.Wards);
            var rows = await SelectPeopleAsync(c, tx, where, parameters, Math.Clamp(query.Limit, 1, 1000), cancellationToken);
            var result = new List<PersonRecord>(rows.Count);
            foreach (var row in rows)
            {
                var person = TryDecrypt(row, out var failure) ?? throw failure!;
                // 64-bit indexes collide with probability ~1e-12 per query; confirming on the plaintext makes it zero.
                if (Matches(person, query))
                {
                    result.Add(person);
                }
            }

            await AppendAuditAsync(c, tx, who, query.ActionCode, SubjectSet.Of(result.Select(r => r.Id)), AuditOutcome.Success, result.Count, cancellationToken);
            return result;
        }, cancellationToken);
    }

    /// <summary>Finds the surrogate id for a resident number through its 128-bit reference (no decryption).</summary>
    public async Task<long?> FindIdByResidentIdAsync(AccessContext who, string residentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        return await WriteAsync(async (c, tx) =>
        {
            var refs = _ring.Versions(KeyPurpose.ResidentReference).Select(k => _indexer.Reference(k, residentId)).ToList();
            long? found = null;
            foreach (var r in refs)
            {
                found ??= await c.ScalarAsync<long?>(tx, "SELECT id FROM person WHERE resident_ref = @r", cancellationToken, ("@r", r));
            }

            await AppendAuditAsync(c, tx, who, "person.lookup.resident", found is { } id ? SubjectSet.Of(id) : SubjectSet.Empty, AuditOutcome.Success, found is null ? 0 : 1, cancellationToken);
            return found;
        }, cancellationToken);
    }

    public async Task UpdateIdentityAsync(AccessContext who, long id, PersonIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(identity);
        var refusal = await WriteAsync(async (c, tx) =>
        {
            var rows = await SelectPeopleAsync(c, tx, "id = @id", [("@id", id)], 1, cancellationToken);
            if (rows.Count == 0 || !who.CoversWard(rows[0].WardCode))
            {
                await AppendAuditAsync(c, tx, who, "person.update", SubjectSet.Of(id), AuditOutcome.Denied, 0, cancellationToken);
                return new StoreRefusedException($"Person {id} does not exist or is outside the ward scope '{who.WardScope}'.");
            }

            var current = TryDecrypt(rows[0], out var failure) ?? throw failure!;
            var row = ProtectIdentity(id, current.ResidentId, current.HouseholdId, current.ResidentSince, identity);
            await c.ExecAsync(tx, $"UPDATE person SET {IdentitySetSql}, updated_at_us = @upd WHERE id = @id", cancellationToken, [.. IdentityParameters(row), ("@upd", NowMicros()), ("@id", id)]);
            await AppendAuditAsync(c, tx, who, "person.update", SubjectSet.Of(id), AuditOutcome.Success, 1, cancellationToken);
            return (Exception?)null;
        }, cancellationToken);
        if (refusal is not null)
        {
            throw refusal;
        }
    }

    public async Task UpdateHealthAsync(AccessContext who, long id, PersonHealth health, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(health);
        var refusal = await WriteAsync(async (c, tx) =>
        {
            var ward = await c.ScalarAsync<string>(tx, "SELECT ward_code FROM person WHERE id = @id", cancellationToken, ("@id", id));
            if (ward is null || !who.CoversWard(ward))
            {
                await AppendAuditAsync(c, tx, who, "person.health.update", SubjectSet.Of(id), AuditOutcome.Denied, 0, cancellationToken);
                return new StoreRefusedException($"Person {id} does not exist or is outside the ward scope '{who.WardScope}'.");
            }

            var plain = FieldGroupCodec.Encode([health.DisabilityCertificate, health.CareLevel, health.Notes]);
            var blob = _cipher.Encrypt(KeyPurpose.HealthEncryption, new FieldContext(PersonTable, HealthGroup, id), plain);
            CryptographicOperations.ZeroMemory(plain);
            await c.ExecAsync(tx, "UPDATE person SET health = @h, health_key = @hk, updated_at_us = @upd WHERE id = @id", cancellationToken,
                ("@h", blob), ("@hk", FieldCipher.KeyVersionOf(blob)), ("@upd", NowMicros()), ("@id", id));
            await AppendAuditAsync(c, tx, who, "person.health.update", SubjectSet.Of(id), AuditOutcome.Success, 1, cancellationToken);
            return (Exception?)null;
        }, cancellationToken);
        if (refusal is not null)
        {
            throw refusal;
        }
    }

    public async Task<PersonHealth?> ReadHealthAsync(AccessContext who, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var (health, refusal) = await WriteAsync(async (c, tx) =>
        {
            string? ward = null;
            byte[]? blob = null;
            await using (var cmd = c.Command(tx, "SELECT ward_code, health FROM person WHERE id = @id").With("@id", id))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    ward = reader.GetString(0);
                    blob = reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1);
                }
            }

            if (ward is null || !who.CoversWard(ward))
            {
                await AppendAuditAsync(c, tx, who, "person.health.read", SubjectSet.Of(id), AuditOutcome.Denied, 0, cancellationToken);
                return ((PersonHealth?)null, (Exception?)new StoreRefusedException($"Person {id} does not exist or is outside the ward scope '{who.WardScope}'."));
            }

            PersonHealth? result = null;
            Exception? failure = null;
            if (blob is not null)
            {
                try
                {
                    var f = FieldGroupCodec.Decode(_cipher.Decrypt(KeyPurpose.HealthEncryption, new FieldContext(PersonTable, HealthGroup, id), blob));
                    result = new PersonHealth(f[0], f[1], f[2]);
                }
                catch (TamperedDataException e)
                {
                    failure = e;
                }
            }

            await AppendAuditAsync(c, tx, who, "person.health.read", SubjectSet.Of(id), failure is null ? AuditOutcome.Success : AuditOutcome.Failed, result is null ? 0 : 1, cancellationToken);
            return (result, failure);
        }, cancellationToken);
        return refusal is null ? health : throw refusal;
    }

    public Task<long> RecordAsync(AccessContext who, string action, SubjectSet subjects, AuditOutcome outcome, long? resultCount, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => AppendAuditAsync(c, tx, who, action, subjects, outcome, resultCount, cancellationToken), cancellationToken);

    public async Task<long> CountPeopleAsync(CancellationToken cancellationToken)
    {
        await using var c = await _engine.OpenAsync(cancellationToken);
        return await c.ScalarAsync<long>(null, "SELECT count(*) FROM person", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _ring.Dispose();
        _master.Dispose();
        await _engine.DisposeAsync();
    }

    private static T Required<T>(T? value) where T : class =>
        value ?? throw new StoreRefusedException("The search is missing a value it needs.");

    private static DateOnly Required(DateOnly? value) =>
        value ?? throw new StoreRefusedException("The search is missing a birth date.");

    private void CheckOrigin(NewPerson person, long position)
    {
        if (person.Origin != Info.Kind)
        {
            throw new StoreRefusedException($"Record {position + 1} is {person.Origin.ToString().ToLowerInvariant()} data; this store is {Info.Kind.ToString().ToLowerInvariant()} and refuses it. Nothing was written.");
        }
    }

    private bool Matches(PersonRecord p, PersonQuery q)
    {
        var n = _normalize;
        return q.Lookup switch
        {
            PersonLookup.KanaName => n(p.Identity.KanaName) == n(q.Name!),
            PersonLookup.KanjiName => n(p.Identity.KanjiName) == n(q.Name!),
            PersonLookup.BirthDate => p.Identity.BirthDate == q.BirthDate,
            _ => n(p.Identity.KanaName) == n(q.Name!) && p.Identity.BirthDate == q.BirthDate,
        };
    }

    private long NowMicros() => (Time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
