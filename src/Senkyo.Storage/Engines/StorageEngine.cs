using System.Data.Common;

namespace Senkyo.Storage.Engines;

/// <summary>A person row ready to write: every personal value already encrypted or blinded.</summary>
internal sealed record PersonRow(
    long Id,
    byte[] ResidentRef,
    byte[] HouseholdRef,
    string WardCode,
    string? District,
    int Status,
    int Sex,
    DateOnly? RegisteredOn,
    long UpdatedAtMicros,
    byte[] Identity,
    int IdentityKey,
    int IndexKey,
    long KanaIndex,
    long KanjiIndex,
    long BirthIndex,
    long KanaBirthIndex);

/// <summary>What differs between SQLite and PostgreSQL; everything else is shared SQL in the store.</summary>
internal abstract class StorageEngine : IAsyncDisposable
{
    public const string PersonColumns = "id, resident_ref, household_ref, ward_code, district, status, sex, registered_on, updated_at_us, identity, identity_key, index_key, bidx_kana, bidx_kanji, bidx_birth, bidx_kana_birth";

    public abstract EngineKind Kind { get; }

    public abstract string MigrationFolder { get; }

    /// <summary>Suffix that locks the selected row until commit (PostgreSQL); SQLite's write lock already covers it.</summary>
    public abstract string ForUpdate { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A transaction that may write: SQLite takes the write lock at BEGIN (IMMEDIATE) so it never deadlocks on upgrade.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A read-only snapshot: the audit log, its head and its checkpoints seen at one instant.</summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serializes concurrent migrators.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    public abstract Task<bool> TableExistsAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken);

    /// <summary>Before a bulk load; returns whatever <see cref="EndBulkAsync"/> needs to restore (e.g. deferred indexes).</summary>
    public virtual Task<IReadOnlyList<string>> BeginBulkAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public virtual async Task EndBulkAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> deferred, CancellationToken cancellationToken)
    {
        foreach (var sql in deferred)
        {
            await connection.ExecAsync(transaction, sql, cancellationToken);
        }
    }

    public abstract Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PersonRow> rows, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
