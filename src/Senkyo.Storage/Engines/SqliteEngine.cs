using System.Data.Common;
using Microsoft.Data.Sqlite;

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

    // The automatic indexes behind PRIMARY KEY and UNIQUE have no sql in sqlite_master: they stay.
    protected override string SecondaryIndexesSql =>
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person' AND sql IS NOT NULL";

    public override async Task EndBulkAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> deferred, CancellationToken cancellationToken)
    {
        await base.EndBulkAsync(connection, transaction, deferred, cancellationToken);
        // Give the memory back: the connection returns to the pool with SQLite's default page cache.
        await connection.ExecAsync(transaction, "PRAGMA cache_size = -2000", cancellationToken);
    }

    public override Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PersonRow> rows, CancellationToken cancellationToken)
    {
        // Blind indexes are random keys, so every index insert lands on a random B-tree page: a larger page cache
        // for this connection keeps the index pages of an 830k-row import in memory instead of re-reading them.
        using (var pragma = connection.Command(transaction, "PRAGMA cache_size = -262144"))
        {
            pragma.ExecuteNonQuery();
        }

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

    public override ValueTask DisposeAsync()
    {
        // Release pooled handles so the files can be moved, scanned or deleted after the store closes.
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        return ValueTask.CompletedTask;
    }
}
