using System.Data.Common;
using Microsoft.Data.Sqlite;
using Senkyo.Privacy.Audit;
using SQLitePCL;
using static Senkyo.Storage.Engines.NativeStatement;

namespace Senkyo.Storage.Engines;

/// <summary>
/// SQLite, the embedded default: one file in WAL mode (readers never block the writer), synchronous=FULL so a
/// committed audit event survives a power cut as well as a killed process.
/// </summary>
internal sealed class SqliteEngine : StorageEngine
{
    public const string FileName = "senkyo.db";
    private readonly string _connectionString;

    public SqliteEngine(string databasePath)
    {
        DatabasePath = databasePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Writers queue on the database lock; Microsoft.Data.Sqlite retries SQLITE_BUSY until this timeout.
            DefaultTimeout = 120,
        }.ToString();
    }

    public string DatabasePath { get; }

    public override EngineKind Kind => EngineKind.Sqlite;

    public override string MigrationFolder => "sqlite";

    public override string ForUpdate => "";

    /// <summary>
    /// The store folder becomes the owner's alone (0700) and the database file is created empty with mode 0600 before
    /// SQLite first opens it: its journal, WAL and shared-memory files take the database file's mode, so no file of the
    /// store is ever readable by another account on the machine (SQLite would otherwise create them 0644).
    /// </summary>
    public override void CreateFiles(string dataDirectory)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS permissions come from the folder the administrator chose
        }

        File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!File.Exists(DatabasePath))
        {
            using var _ = new FileStream(DatabasePath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecAsync(null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Serializable + not deferred = BEGIN IMMEDIATE: the write lock is taken up front, so two writers
        // queue instead of both reading and then failing to upgrade.
        return await ((SqliteConnection)connection).BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
    }

    public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: true));

    public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task<bool> TableExistsAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken) =>
        await connection.ScalarAsync<long>(transaction, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @t", cancellationToken, ("@t", table)) > 0;

    // The automatic indexes behind PRIMARY KEY and UNIQUE have no sql in sqlite_master: they stay. So do partial
    // indexes: see StorageEngine.BeginBulkAsync.
    protected override string SecondaryIndexesSql =>
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person' AND sql IS NOT NULL AND sql NOT LIKE '% WHERE %'";

    /// <summary>
    /// Page cache while rows go in. Every index of person is deferred (schema 5 made the resident_ref uniqueness a named
    /// index for that), so the rows only append the table's pages in id order; the cache batches them before they
    /// spill. Memory stays flat whatever the file's size (the budget is &lt; 500 MB for an 11.5-million-resident import).
    /// </summary>
    private const int BulkCacheKiB = 64 * 1024;

    /// <summary>
    /// Page cache while the deferred indexes are built. SQLite's sorter sizes each in-memory run by the page cache: a
    /// small one gives runs that stay in the CPU caches and are merged from temporary files, which here costs about
    /// half the CPU of one large in-memory sort per index (measured 0.6 s vs 1.0–1.6 s per index at 826,000 rows).
    /// </summary>
    private const int SortCacheKiB = 4 * 1024;

    // SQLite's default (-2000: 2,000 KiB), which every other connection of the pool uses.
    private const string DefaultCache = "PRAGMA cache_size = -2000";

    /// <remarks>
    /// synchronous stays FULL: in WAL mode it only decides whether the WAL is synced at each commit, and a bulk load
    /// is one transaction with one commit, so relaxing it would save one fsync and lose the guarantee that a reported
    /// import survives a power cut. A crash before the commit leaves nothing applied either way.
    /// </remarks>
    protected override Task TuneForBulkAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecAsync(transaction, "PRAGMA cache_size = -" + BulkCacheKiB.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    public override async Task EndBulkAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> deferred, CancellationToken cancellationToken)
    {
        if (deferred.Count > 0)
        {
            // threads: the sorter may sort runs on a helper thread while the table is scanned (2 cores here).
            await connection.ExecAsync(transaction, "PRAGMA cache_size = -" + SortCacheKiB.ToString(System.Globalization.CultureInfo.InvariantCulture) + "; PRAGMA threads = 2", cancellationToken);
        }

        await base.EndBulkAsync(connection, transaction, deferred, cancellationToken);
    }

    /// <summary>
    /// A load into the empty person table runs under the rollback journal instead of the WAL when this connection is the
    /// store's only one. In WAL mode every page of the load is written twice — into the WAL, then by the checkpoint
    /// into the database (about 2.5 s of an 826,000-resident import) — and the index builds read the table back through
    /// the WAL's page index. Under the rollback journal the new pages go straight into the database file and only the
    /// few pages that existed before are journaled. It is as safe: synchronous=FULL, one transaction, and a process
    /// killed mid-load leaves a hot journal that rolls the file back to its state before the load at the next open.
    /// Leaving WAL mode needs every other connection closed (SQLite refuses at once otherwise, and the load simply runs
    /// in WAL mode): the pool's idle connections are closed first. A server does not ask for this at all
    /// (StoreOptions.ExclusiveBulkLoad), since a connection opened during the load would wait for its commit.
    /// </summary>
    public override async Task<bool> EnterBulkJournalAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sqlite = (SqliteConnection)connection;
        if (await connection.ScalarAsync<bool>(null, "SELECT EXISTS (SELECT 1 FROM person)", cancellationToken))
        {
            return false;
        }

        SqliteConnection.ClearPool(sqlite);
        await using var cmd = sqlite.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=DELETE";
        cmd.CommandTimeout = 1; // another connection is open: no use waiting, it will not close for a pragma
        try
        {
            return await cmd.ExecuteScalarAsync(cancellationToken) is "delete";
        }
        catch (SqliteException e) when (e.SqliteErrorCode is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
        {
            return false;
        }
    }

    public override async Task LeaveBulkJournalAsync(DbConnection connection)
    {
        // Best effort: a connection that finds the store still in rollback mode switches it back when it opens (OpenAsync).
        try
        {
            await connection.ExecAsync(null, "PRAGMA journal_mode=WAL", CancellationToken.None);
        }
        catch (SqliteException)
        {
            SqliteConnection.ClearPool((SqliteConnection)connection);
        }
    }

    // SQLITE_CONSTRAINT_UNIQUE (2067); the primary key (1555) cannot collide: ids come from the allocator.
    public override bool IsUniqueViolation(DbException exception) => exception is SqliteException { SqliteExtendedErrorCode: 2067 };

    public override async Task RestoreAfterBulkAsync(DbConnection connection, DbTransaction transaction)
    {
        try
        {
            // Shrinking the cache frees the pages beyond it: the pooled connection keeps only the default.
            await connection.ExecAsync(transaction, DefaultCache + "; PRAGMA threads = 0", CancellationToken.None);
        }
        catch (SqliteException)
        {
            // A connection whose transaction failed may refuse even this; it is cleared from the pool on dispose below.
            SqliteConnection.ClearPool((SqliteConnection)connection);
        }
    }

    public override Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PersonRow> rows, CancellationToken cancellationToken)
    {
        // One prepared statement reused for every row of the batch: parse once, bind and step per row.
        using var cmd = connection.Command(transaction, $"INSERT INTO person ({PersonColumns}) VALUES ({string.Join(", ", PersonParameters)})");
        var p = new SqliteParameter[PersonParameters.Length];
        var names = PersonParameters;
        for (var i = 0; i < names.Length; i++)
        {
            p[i] = new SqliteParameter { ParameterName = names[i] };
            cmd.Parameters.Add(p[i]);
        }

        cmd.Prepare();
        foreach (var r in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            BindPerson(p, r);
            cmd.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }

    /// <summary>Parameter names of a person row, in <see cref="StorageEngine.PersonColumns"/> order (shared with the register import).</summary>
    internal static readonly string[] PersonParameters = ["@id", "@rr", "@hr", "@ward", "@district", "@status", "@sex", "@reg", "@upd", "@identity", "@ik", "@xk", "@b1", "@b2", "@b3", "@b4", "@b5", "@b6"];

    /// <summary>Binds one person row to the first <see cref="PersonParameters"/>.Length parameters of a prepared insert.</summary>
    internal static void BindPerson(SqliteParameter[] p, PersonRow r)
    {
        p[0].Value = r.Id;
        p[1].Value = r.ResidentRef;
        p[2].Value = r.HouseholdRef;
        p[3].Value = r.WardCode;
        p[4].Value = (object?)r.District ?? DBNull.Value;
        p[5].Value = r.Status;
        p[6].Value = r.Sex;
        p[7].Value = r.RegisteredOn is { } reg ? reg : DBNull.Value;
        p[8].Value = r.UpdatedAtMicros;
        p[9].Value = r.Identity;
        p[10].Value = r.IdentityKey;
        p[11].Value = r.IndexKey;
        p[12].Value = r.KanaIndex;
        p[13].Value = r.KanjiIndex;
        p[14].Value = r.BirthIndex;
        p[15].Value = r.KanaBirthIndex;
        p[16].Value = r.KanaSurnameIndex;
        p[17].Value = r.KanjiSurnameIndex;
    }

    /// <summary>
    /// Binds one person row to positions 1 … <see cref="PersonParameters"/>.Length of a native prepared insert (the
    /// import's writer); returns the last position bound. Values as Microsoft.Data.Sqlite would store them: dates as
    /// yyyy-MM-dd text. <paramref name="scratch"/> (≥ 80 bytes) holds the UTF-8 of the short codes and dates.
    /// </summary>
    internal static int BindPerson(sqlite3_stmt s, PersonRow r, Span<byte> scratch)
    {
        raw.sqlite3_bind_int64(s, 1, r.Id);
        raw.sqlite3_bind_blob(s, 2, r.ResidentRef);
        raw.sqlite3_bind_blob(s, 3, r.HouseholdRef);
        raw.sqlite3_bind_text(s, 4, Utf8(r.WardCode, scratch[..32]));
        if (r.District is null)
        {
            raw.sqlite3_bind_null(s, 5);
        }
        else
        {
            raw.sqlite3_bind_text(s, 5, Utf8(r.District, scratch[32..64]));
        }

        raw.sqlite3_bind_int(s, 6, r.Status);
        raw.sqlite3_bind_int(s, 7, r.Sex);
        if (r.RegisteredOn is { } reg)
        {
            raw.sqlite3_bind_text(s, 8, IsoDate(reg, scratch[64..80]));
        }
        else
        {
            raw.sqlite3_bind_null(s, 8);
        }

        raw.sqlite3_bind_int64(s, 9, r.UpdatedAtMicros);
        raw.sqlite3_bind_blob(s, 10, r.Identity);
        raw.sqlite3_bind_int(s, 11, r.IdentityKey);
        raw.sqlite3_bind_int(s, 12, r.IndexKey);
        raw.sqlite3_bind_int64(s, 13, r.KanaIndex);
        raw.sqlite3_bind_int64(s, 14, r.KanjiIndex);
        raw.sqlite3_bind_int64(s, 15, r.BirthIndex);
        raw.sqlite3_bind_int64(s, 16, r.KanaBirthIndex);
        raw.sqlite3_bind_int64(s, 17, r.KanaSurnameIndex);
        raw.sqlite3_bind_int64(s, 18, r.KanjiSurnameIndex);
        return 18;
    }

    /// <summary>
    /// The audit append through native statements on the connection's own handle, in its transaction (the write lock of
    /// BEGIN IMMEDIATE covers the head): one read of the head, one single-row INSERT stepped per record, one update.
    /// Every write of the store and every look-up appends here, and Microsoft.Data.Sqlite's command, parameter and
    /// binder objects were about a quarter of what a look-up allocated. Values are stored as the driver stores them:
    /// integers, UTF-8 text, blobs; a NULL result count as NULL.
    /// </summary>
    public override Task<long> AppendAuditAsync(DbConnection connection, DbTransaction transaction, Func<long, byte[], IReadOnlyList<AuditRecord>> build, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = ((SqliteConnection)connection).Handle!;
        if (transaction.Connection != connection || raw.sqlite3_get_autocommit(db) != 0)
        {
            // Outside a transaction each statement would commit alone: a head moved without its events, or the reverse.
            throw new InvalidOperationException("The audit append runs only inside the caller's open write transaction.");
        }

        long size;
        byte[] last;
        using (var head = Prepare(db, "SELECT size, last_hash FROM audit_head WHERE id = 1"u8))
        {
            var rc = raw.sqlite3_step(head);
            if (rc == raw.SQLITE_DONE)
            {
                throw NoAuditHead();
            }

            Check(rc, raw.SQLITE_ROW, db);
            size = raw.sqlite3_column_int64(head, 0);
            last = raw.sqlite3_column_blob(head, 1).ToArray();
        }

        var records = build(size, last);
        using (var insert = Prepare(db, AuditInsertOne))
        {
            foreach (var r in records)
            {
                // Bindings outlive a reset: a failed bind must stop here, not leave the previous event's value in place.
                Check(raw.sqlite3_bind_int64(insert, 1, r.Seq), raw.SQLITE_OK, db);
                Check(raw.sqlite3_bind_int64(insert, 2, r.AtMicros), raw.SQLITE_OK, db);
                Check(raw.sqlite3_bind_text16(insert, 3, r.Actor), raw.SQLITE_OK, db);
                Check(raw.sqlite3_bind_text16(insert, 4, r.Role), raw.SQLITE_OK, db);
                Check(raw.sqlite3_bind_text16(insert, 5, r.WardScope), raw.SQLITE_OK, db);
                Check(raw.sqlite3_bind_text16(insert, 6, r.Purpose), raw.SQLITE_OK, db);
                Check(raw.sqlite3_bind_text16(insert, 7, r.Action), raw.SQLITE_OK, db);
                Check(raw.sqlite3_bind_text16(insert, 8, r.Subjects), raw.SQLITE_OK, db);
                Check(raw.sqlite3_bind_int(insert, 9, (int)r.Outcome), raw.SQLITE_OK, db);
                Check(r.ResultCount is { } count ? raw.sqlite3_bind_int64(insert, 10, count) : raw.sqlite3_bind_null(insert, 10), raw.SQLITE_OK, db);
                Check(raw.sqlite3_bind_blob(insert, 11, r.PrevHash), raw.SQLITE_OK, db);
                Check(raw.sqlite3_bind_blob(insert, 12, r.LeafHash), raw.SQLITE_OK, db);
                Execute(db, insert);
            }
        }

        using (var update = Prepare(db, "UPDATE audit_head SET size = ?1, last_hash = ?2 WHERE id = 1"u8))
        {
            Check(raw.sqlite3_bind_int64(update, 1, size + records.Count), raw.SQLITE_OK, db);
            Check(raw.sqlite3_bind_blob(update, 2, records[^1].LeafHash), raw.SQLITE_OK, db);
            Execute(db, update);
        }

        return Task.FromResult(size);
    }

    private static readonly byte[] AuditInsertOne = System.Text.Encoding.UTF8.GetBytes(
        $"INSERT INTO audit_event ({AuditEventColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");

    /// <summary>yyyy-MM-dd, as Microsoft.Data.Sqlite stores a <see cref="DateOnly"/> (read back with GetFieldValue&lt;DateOnly&gt;).</summary>
    internal static ReadOnlySpan<byte> IsoDate(DateOnly date, Span<byte> buffer) =>
        date.TryFormat(buffer, out var n, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ? buffer[..n] : throw new InvalidOperationException("date does not fit");

    private static ReadOnlySpan<byte> Utf8(string value, Span<byte> buffer) =>
        System.Text.Encoding.UTF8.TryGetBytes(value, buffer, out var n) ? buffer[..n] : System.Text.Encoding.UTF8.GetBytes(value);

    public override ValueTask DisposeAsync()
    {
        // Release pooled handles so the files can be moved, scanned or deleted after the store closes.
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        return ValueTask.CompletedTask;
    }
}
