using System.Data.Common;
using System.Globalization;
using Senkyo.Privacy.Audit;

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
    long KanaBirthIndex,
    long KanaSurnameIndex,
    long KanjiSurnameIndex);

/// <summary>What differs between SQLite and PostgreSQL; everything else is shared SQL in the store.</summary>
internal abstract class StorageEngine : IAsyncDisposable
{
    public const string PersonColumns = "id, resident_ref, household_ref, ward_code, district, status, sex, registered_on, updated_at_us, identity, identity_key, index_key, bidx_kana, bidx_kanji, bidx_birth, bidx_kana_birth, bidx_kana_surname, bidx_kanji_surname";

    public abstract EngineKind Kind { get; }

    public abstract string MigrationFolder { get; }

    /// <summary>Suffix that locks the selected row until commit (PostgreSQL); SQLite's write lock already covers it.</summary>
    public abstract string ForUpdate { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Before a new store's schema is created: the files the engine keeps in the store folder, if any.</summary>
    public virtual void CreateFiles(string dataDirectory)
    {
    }

    /// <summary>A transaction that may write: SQLite takes the write lock at BEGIN (IMMEDIATE) so it never deadlocks on upgrade.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A read-only snapshot: the audit log, its head and its checkpoints seen at one instant.</summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serializes concurrent migrators.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    public abstract Task<bool> TableExistsAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken);

    /// <summary>
    /// The person table's secondary indexes, as rows of (name, CREATE INDEX statement) read back from the engine's own
    /// catalogue: not the index behind the primary key, nor partial indexes. Uniqueness is a named UNIQUE index (schema
    /// 5), never a column constraint, so it is deferred with the others.
    /// </summary>
    protected abstract string SecondaryIndexesSql { get; }

    /// <summary>
    /// Before a bulk load; returns the statements <see cref="EndBulkAsync"/> runs to restore. Into an empty table the
    /// secondary indexes are dropped and rebuilt after the load:
    /// sorting once beats inserting random blind-index keys row by row. Indexes are read from the catalogue, so an
    /// index a later migration adds is deferred too without a change here. Drop, load and rebuild are the caller's
    /// one transaction, so a crash leaves the table and its indexes as before, and a UNIQUE index rebuilt over
    /// duplicate values fails the whole transaction. Into a table that already has rows nothing is deferred. Partial
    /// indexes stay: the rows a bulk load writes are complete, so a partial index over rows still missing something
    /// (the surname back-fill's) takes none of them and costs nothing to keep, while rebuilding it scans the table.
    /// </summary>
    public async Task<IReadOnlyList<string>> BeginBulkAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await TuneForBulkAsync(connection, transaction, cancellationToken);
        if (await connection.ScalarAsync<bool>(transaction, "SELECT EXISTS (SELECT 1 FROM person)", cancellationToken))
        {
            return [];
        }

        var drops = new List<string>();
        var restores = new List<string>();
        foreach (var (name, sql) in await PairsAsync(connection, transaction, SecondaryIndexesSql, cancellationToken))
        {
            drops.Add($"DROP INDEX \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
            restores.Add(sql);
        }

        foreach (var drop in drops)
        {
            await connection.ExecAsync(transaction, drop, cancellationToken);
        }

        return restores;
    }

    /// <summary>
    /// Before the transaction of a bulk load, on its connection: switches to a journal that suits a load into the empty
    /// person table, where the engine has one (SQLite); true when it did, and <see cref="LeaveBulkJournalAsync"/> must
    /// follow once the transaction has ended.
    /// </summary>
    public virtual Task<bool> EnterBulkJournalAsync(DbConnection connection, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>Back to the store's ordinary journal after a bulk load's transaction, committed or not.</summary>
    public virtual Task LeaveBulkJournalAsync(DbConnection connection) => Task.CompletedTask;

    /// <summary>Rebuilds what <see cref="BeginBulkAsync"/> deferred, inside the same transaction.</summary>
    public virtual async Task EndBulkAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> deferred, CancellationToken cancellationToken)
    {
        foreach (var sql in deferred)
        {
            await connection.ExecAsync(transaction, sql, cancellationToken);
        }
    }

    /// <summary>
    /// Appends to the audit chain in the caller's transaction: reads the head (locked until the commit where the engine
    /// locks rows), has <paramref name="build"/> make the records from the head's size and last leaf hash, inserts them
    /// and moves the head. Returns the first record's position. The shared form: one read, one multi-row INSERT, one
    /// update, through the driver's commands.
    /// </summary>
    public virtual async Task<long> AppendAuditAsync(DbConnection connection, DbTransaction transaction, Func<long, byte[], IReadOnlyList<AuditRecord>> build, CancellationToken cancellationToken)
    {
        long size;
        byte[] last;
        await using (var cmd = connection.Command(transaction, "SELECT size, last_hash FROM audit_head WHERE id = 1" + ForUpdate))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw NoAuditHead();
            }

            size = reader.GetInt64(0);
            last = (byte[])reader.GetValue(1);
        }

        var records = build(size, last);
        await using (var insert = connection.Command(transaction, AuditInsertSql(records.Count)))
        {
            for (var i = 0; i < records.Count; i++)
            {
                var r = records[i];
                var names = AuditParameterNames(i);
                ReadOnlySpan<object?> row = [r.Seq, r.AtMicros, r.Actor, r.Role, r.WardScope, r.Purpose, r.Action, r.Subjects, (int)r.Outcome, r.ResultCount, r.PrevHash, r.LeafHash];
                for (var k = 0; k < names.Length; k++)
                {
                    insert.With(names[k], row[k]);
                }
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await connection.ExecAsync(transaction, "UPDATE audit_head SET size = @s, last_hash = @h WHERE id = 1", cancellationToken, ("@s", size + records.Count), ("@h", records[^1].LeafHash));
        return size;
    }

    /// <summary>The audit table's columns, in the order of <see cref="AuditRecord"/>'s values.</summary>
    internal const string AuditEventColumns = "seq, at_us, actor, role, ward_scope, purpose, action, subjects, outcome, result_count, prev_hash, leaf_hash";

    protected static StoreRefusedException NoAuditHead() => new("The audit log has no head row: the store is damaged; nothing was served.");

    /// <summary>Parameter names of the <paramref name="i"/>-th row of an audit insert, in column order.</summary>
    private static string[] AuditParameterNames(int i) => i < AuditRowNames.Length ? AuditRowNames[i] : NamesOfRow(i);

    // The names of the first rows, made once: a look-up appends two events, and every write at least one.
    private static readonly string[][] AuditRowNames = [NamesOfRow(0), NamesOfRow(1)];

    /// <summary>The INSERT of <paramref name="rows"/> audit events, one parameter per column per row.</summary>
    private static string AuditInsertSql(int rows) => rows <= AuditInsertTexts.Length ? AuditInsertTexts[rows - 1] : InsertTextOf(rows);

    // The texts for one and two events (every write, every look-up), made once.
    private static readonly string[] AuditInsertTexts = [InsertTextOf(1), InsertTextOf(2)];

    private static string InsertTextOf(int rows) =>
        $"INSERT INTO audit_event ({AuditEventColumns}) VALUES "
        + string.Join(", ", Enumerable.Range(0, rows).Select(i => "(" + string.Join(", ", NamesOfRow(i)) + ")"));

    private static string[] NamesOfRow(int i) =>
        [.. ((string[])["@seq", "@at", "@actor", "@role", "@ward", "@purpose", "@action", "@subjects", "@outcome", "@count", "@prev", "@leaf"]).Select(n => n + i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>A UNIQUE constraint refused a row (SQLite while inserting, PostgreSQL also when a deferred constraint is re-added).</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Session settings for a bulk load (SQLite: the page cache); undone by <see cref="RestoreAfterBulkAsync"/>.</summary>
    protected virtual Task TuneForBulkAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Gives the connection back its ordinary session settings after a bulk load, whether it committed or failed: the
    /// connection returns to a pool and must not keep a bulk load's memory. Best effort on a failed transaction.
    /// </summary>
    public virtual Task RestoreAfterBulkAsync(DbConnection connection, DbTransaction transaction) => Task.CompletedTask;

    private static async Task<List<(string, string)>> PairsAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var pairs = new List<(string, string)>();
        await using var cmd = connection.Command(transaction, sql);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pairs.Add((reader.GetString(0), reader.GetString(1)));
        }

        return pairs;
    }

    public abstract Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PersonRow> rows, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
