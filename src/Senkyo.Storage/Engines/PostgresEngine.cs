using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Senkyo.Storage.Engines;

/// <summary>PostgreSQL, the production engine: pooled data source, READ COMMITTED with explicit row locks, binary COPY for bulk.</summary>
internal sealed class PostgresEngine(string connectionString) : StorageEngine
{
    // Arbitrary constant naming "Senkyo schema migration" for pg_advisory_xact_lock.
    private const long MigrationLockId = 0x53656E6B796F01;
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override EngineKind Kind => EngineKind.Postgres;

    public override string MigrationFolder => "postgres";

    public override string ForUpdate => " FOR UPDATE";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);

    public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

    public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecAsync(transaction, "SELECT pg_advisory_xact_lock(@id)", cancellationToken, ("@id", MigrationLockId));

    public override async Task<bool> TableExistsAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken) =>
        await connection.ScalarAsync<bool>(transaction, "SELECT to_regclass(@t) IS NOT NULL", cancellationToken, ("@t", table));

    // pg_indexes holds every index; those a constraint owns (primary key, UNIQUE) are left out.
    protected override string SecondaryIndexesSql =>
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = 'person' AND i.indexdef NOT LIKE '% WHERE %' " +
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)";

    /// <remarks>
    /// The deferred indexes are built with a larger sort memory than the server's default (64 MB): server memory,
    /// for this transaction only (SET LOCAL ends with it).
    /// </remarks>
    protected override Task TuneForBulkAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecAsync(transaction, "SET LOCAL maintenance_work_mem = '256MB'", cancellationToken);

    public override bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override async Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PersonRow> rows, CancellationToken cancellationToken)
    {
        // Binary COPY: no per-row statement, no text parsing; runs inside the caller's transaction.
        await using var importer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync($"COPY person ({PersonColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var r in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await WritePersonAsync(importer, r, cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>The person columns of one COPY row, in <see cref="StorageEngine.PersonColumns"/> order (shared with the register import).</summary>
    internal static async Task WritePersonAsync(NpgsqlBinaryImporter importer, PersonRow r, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(r.Id, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(r.ResidentRef, NpgsqlDbType.Bytea, cancellationToken);
        await importer.WriteAsync(r.HouseholdRef, NpgsqlDbType.Bytea, cancellationToken);
        await importer.WriteAsync(r.WardCode, NpgsqlDbType.Text, cancellationToken);
        if (r.District is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(r.District, NpgsqlDbType.Text, cancellationToken);
        }

        await importer.WriteAsync(r.Status, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(r.Sex, NpgsqlDbType.Integer, cancellationToken);
        if (r.RegisteredOn is { } reg)
        {
            await importer.WriteAsync(reg, NpgsqlDbType.Date, cancellationToken);
        }
        else
        {
            await importer.WriteNullAsync(cancellationToken);
        }

        await importer.WriteAsync(r.UpdatedAtMicros, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(r.Identity, NpgsqlDbType.Bytea, cancellationToken);
        await importer.WriteAsync(r.IdentityKey, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(r.IndexKey, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(r.KanaIndex, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(r.KanjiIndex, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(r.BirthIndex, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(r.KanaBirthIndex, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(r.KanaSurnameIndex, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(r.KanjiSurnameIndex, NpgsqlDbType.Bigint, cancellationToken);
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
