using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

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
            : new SqliteImportWriter(connection, transaction);

    public abstract ValueTask WriteAsync(IReadOnlyList<ImportRow> rows, CancellationToken cancellationToken);

    /// <summary>Ends the stream; rows are visible to the transaction only after this.</summary>
    public abstract ValueTask CompleteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    private sealed class SqliteImportWriter : ImportWriter
    {
        private readonly DbCommand _cmd;
        private readonly SqliteParameter[] _p = new SqliteParameter[SqliteEngine.PersonParameters.Length + 2];

        public SqliteImportWriter(DbConnection connection, DbTransaction transaction)
        {
            _cmd = connection.Command(transaction, $"INSERT INTO person ({Columns}) VALUES ({string.Join(", ", SqliteEngine.PersonParameters)}, @el, @elon)");
            string[] names = [.. SqliteEngine.PersonParameters, "@el", "@elon"];
            for (var i = 0; i < names.Length; i++)
            {
                _p[i] = new SqliteParameter { ParameterName = names[i] };
                _cmd.Parameters.Add(_p[i]);
            }

            _cmd.Prepare();
        }

        public override ValueTask WriteAsync(IReadOnlyList<ImportRow> rows, CancellationToken cancellationToken)
        {
            var p = _p;
            foreach (var (r, eligibility, on) in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                SqliteEngine.BindPerson(p, r);
                p[^2].Value = eligibility;
                p[^1].Value = on;
                _cmd.ExecuteNonQuery();
            }

            return ValueTask.CompletedTask;
        }

        public override ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public override ValueTask DisposeAsync() => _cmd.DisposeAsync();
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
