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
        private readonly SqliteParameter[] _p = new SqliteParameter[18];

        public SqliteImportWriter(DbConnection connection, DbTransaction transaction)
        {
            _cmd = connection.Command(transaction, $"INSERT INTO person ({Columns}) VALUES (@id, @rr, @hr, @ward, @district, @status, @sex, @reg, @upd, @identity, @ik, @xk, @b1, @b2, @b3, @b4, @el, @elon)");
            string[] names = ["@id", "@rr", "@hr", "@ward", "@district", "@status", "@sex", "@reg", "@upd", "@identity", "@ik", "@xk", "@b1", "@b2", "@b3", "@b4", "@el", "@elon"];
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
                p[16].Value = eligibility;
                p[17].Value = on;
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
