using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace Senkyo.Storage.Engines;

/// <summary>A person row of an import: the protected row plus the 被登録資格 judged at import (法21①).</summary>
internal sealed record ImportRow(PersonRow Row, int Eligibility, DateOnly EligibilityOn);

/// <summary>
/// The import's bulk path, held open for a whole file inside one transaction: on SQLite one prepared INSERT bound and
/// stepped per row; on PostgreSQL one binary COPY stream. Rows are written in the order given (ids ascending).
/// </summary>
internal abstract class ImportWriter : IAsyncDisposable
{
    public const string Columns = StorageEngine.PersonColumns + ", eligibility, eligibility_on";

    public static async Task<ImportWriter> OpenAsync(StorageEngine engine, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        engine.Kind == EngineKind.Postgres
            ? new PostgresImportWriter(await ((NpgsqlConnection)connection).BeginBinaryImportAsync($"COPY person ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
            : new SqliteImportWriter(connection);

    public abstract ValueTask WriteAsync(IReadOnlyList<ImportRow> rows, CancellationToken cancellationToken);

    /// <summary>Ends the stream; rows are visible to the transaction only after this.</summary>
    public abstract ValueTask CompleteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// SQLite through the native statement of the connection's own handle: bound by position and stepped per row.
    /// Microsoft.Data.Sqlite's command adds ~8 µs a row (parameter look-up by name, boxing, a data reader per
    /// execution) — more than SQLite's own insert; on this path every row costs only what SQLite costs. The statement
    /// runs inside the caller's transaction (the connection's BEGIN IMMEDIATE); a failing step throws a
    /// <see cref="SqliteException"/> like the command would.
    /// </summary>
    private sealed class SqliteImportWriter : ImportWriter
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _stmt;

        public SqliteImportWriter(DbConnection connection)
        {
            _db = ((SqliteConnection)connection).Handle!;
            var placeholders = string.Join(", ", Enumerable.Range(1, SqliteEngine.PersonParameters.Length + 2).Select(i => "?" + i.ToString(CultureInfo.InvariantCulture)));
            _stmt = NativeStatement.Prepare(_db, $"INSERT INTO person ({Columns}) VALUES ({placeholders})");
        }

        public override ValueTask WriteAsync(IReadOnlyList<ImportRow> rows, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var s = _stmt;
            // Short codes and dates only (ward, district: a few ASCII digits); longer text would take the allocating path.
            Span<byte> text = stackalloc byte[96];
            foreach (var (r, eligibility, eligibleOn) in rows)
            {
                var n = SqliteEngine.BindPerson(s, r, text[..80]);
                raw.sqlite3_bind_int(s, n + 1, eligibility);
                raw.sqlite3_bind_text(s, n + 2, SqliteEngine.IsoDate(eligibleOn, text[80..]));
                NativeStatement.Execute(_db, s);
            }

            return ValueTask.CompletedTask;
        }

        public override ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public override ValueTask DisposeAsync()
        {
            _stmt.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresImportWriter(NpgsqlBinaryImporter importer) : ImportWriter
    {
        public override async ValueTask WriteAsync(IReadOnlyList<ImportRow> rows, CancellationToken cancellationToken)
        {
            foreach (var (r, eligibility, on) in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                await PostgresEngine.WritePersonAsync(importer, r, cancellationToken);
                await importer.WriteAsync(eligibility, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(on, NpgsqlDbType.Date, cancellationToken);
            }
        }

        public override async ValueTask CompleteAsync(CancellationToken cancellationToken) => await importer.CompleteAsync(cancellationToken);

        public override ValueTask DisposeAsync() => importer.DisposeAsync();
    }
}
