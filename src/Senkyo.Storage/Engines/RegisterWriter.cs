using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace Senkyo.Storage.Engines;

/// <summary>What every write of one registration run shares: 登録日, 基準日 (the day 被登録資格 was judged), the run's history source, its clock.</summary>
internal sealed record RegisterRunWrite(DateOnly RegistrationDate, DateOnly BaseDate, string Source, long NowMicros);

/// <summary>
/// The writes of a 定時登録 or 選挙時登録 run, inside the caller's transaction: per new elector its entry (status,
/// 登録日, 登録事由, 名簿番号, 被登録資格) and its history row, in the order given; per refused candidate its new
/// 被登録資格 code. Only the columns a registration changes are set, so no other index of the person row is touched.
/// On SQLite the statements are prepared once on the connection's own handle and bound by position (the run's
/// constants bound once); on PostgreSQL they go in batches, one round trip per <see cref="BatchSize"/> statements.
/// Call <see cref="FlushAsync"/> before reading what was written.
/// </summary>
internal abstract class RegisterWriter : IAsyncDisposable
{
    public const int BatchSize = 1_000;

    private static string RegisterSql(Func<int, string> p) =>
        $"UPDATE person SET status = {p(1)}, registered_on = {p(2)}, reg_reason = {p(3)}, register_no = {p(4)}, eligibility = 0, eligibility_on = {p(5)}, updated_at_us = {p(6)} WHERE id = {p(7)}";

    private static string HistorySql(Func<int, string> p) =>
        $"INSERT INTO register_history (person_id, on_date, change, reason, district, source, recorded_at_us) VALUES ({p(1)}, {p(2)}, 'register', {p(3)}, {p(4)}, {p(5)}, {p(6)})";

    private static string RefuseSql(Func<int, string> p) => $"UPDATE person SET eligibility = {p(1)}, eligibility_on = {p(2)} WHERE id = {p(3)}";

    public static RegisterWriter Open(StorageEngine engine, DbConnection connection, DbTransaction transaction, RegisterRunWrite run) =>
        engine.Kind == EngineKind.Postgres
            ? new PostgresRegisterWriter((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, run)
            : new SqliteRegisterWriter((SqliteConnection)connection, run);

    /// <summary>Enters <paramref name="id"/> on the register of <paramref name="district"/> as number <paramref name="registerNo"/>, with its history row.</summary>
    public abstract ValueTask RegisterAsync(long id, int registerNo, int reason, string district, CancellationToken cancellationToken);

    /// <summary>Records why <paramref name="id"/> does not qualify (a RegistrationRefusal code) as of the run's 基準日.</summary>
    public abstract ValueTask RefuseAsync(long id, int refusal, CancellationToken cancellationToken);

    public abstract ValueTask FlushAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    private sealed class SqliteRegisterWriter : RegisterWriter
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _register;
        private readonly sqlite3_stmt _history;
        private readonly sqlite3_stmt _refuse;

        public SqliteRegisterWriter(SqliteConnection connection, RegisterRunWrite run)
        {
            _db = connection.Handle!;
            static string P(int i) => "?" + i.ToString(CultureInfo.InvariantCulture);
            _register = NativeStatement.Prepare(_db, RegisterSql(P));
            _history = NativeStatement.Prepare(_db, HistorySql(P));
            _refuse = NativeStatement.Prepare(_db, RefuseSql(P));
            // Bindings outlive sqlite3_reset: the run's constants are bound once. Dates as Microsoft.Data.Sqlite stores them.
            var registered = Iso(run.RegistrationDate);
            var judged = Iso(run.BaseDate);
            raw.sqlite3_bind_int(_register, 1, (int)Domain.Register.ElectorStatus.Elector);
            raw.sqlite3_bind_text(_register, 2, registered);
            raw.sqlite3_bind_text(_register, 5, judged);
            raw.sqlite3_bind_int64(_register, 6, run.NowMicros);
            raw.sqlite3_bind_text(_history, 2, registered);
            raw.sqlite3_bind_text(_history, 5, run.Source);
            raw.sqlite3_bind_int64(_history, 6, run.NowMicros);
            raw.sqlite3_bind_text(_refuse, 2, judged);
        }

        private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        public override ValueTask RegisterAsync(long id, int registerNo, int reason, string district, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            raw.sqlite3_bind_int(_register, 3, reason);
            raw.sqlite3_bind_int(_register, 4, registerNo);
            raw.sqlite3_bind_int64(_register, 7, id);
            Step(_register);
            raw.sqlite3_bind_int64(_history, 1, id);
            raw.sqlite3_bind_int(_history, 3, reason);
            raw.sqlite3_bind_text(_history, 4, district);
            Step(_history);
            return ValueTask.CompletedTask;
        }

        public override ValueTask RefuseAsync(long id, int refusal, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            raw.sqlite3_bind_int(_refuse, 1, refusal);
            raw.sqlite3_bind_int64(_refuse, 3, id);
            Step(_refuse);
            return ValueTask.CompletedTask;
        }

        private void Step(sqlite3_stmt stmt) => NativeStatement.Execute(_db, stmt);

        public override ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public override ValueTask DisposeAsync()
        {
            _register.Dispose();
            _history.Dispose();
            _refuse.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresRegisterWriter(NpgsqlConnection connection, NpgsqlTransaction transaction, RegisterRunWrite run) : RegisterWriter
    {
        private static readonly string Register = RegisterSql(P);
        private static readonly string History = HistorySql(P);
        private static readonly string Refuse = RefuseSql(P);
        private readonly NpgsqlBatch _batch = new(connection, transaction);

        private static string P(int i) => "$" + i.ToString(CultureInfo.InvariantCulture);

        public override async ValueTask RegisterAsync(long id, int registerNo, int reason, string district, CancellationToken cancellationToken)
        {
            Add(Register, (int)Domain.Register.ElectorStatus.Elector, run.RegistrationDate, reason, registerNo, run.BaseDate, run.NowMicros, id);
            Add(History, id, run.RegistrationDate, reason, district, run.Source, run.NowMicros);
            await FlushIfFullAsync(cancellationToken);
        }

        public override async ValueTask RefuseAsync(long id, int refusal, CancellationToken cancellationToken)
        {
            Add(Refuse, refusal, run.BaseDate, id);
            await FlushIfFullAsync(cancellationToken);
        }

        private void Add(string sql, params object[] values)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            _batch.BatchCommands.Add(command);
        }

        private async ValueTask FlushIfFullAsync(CancellationToken cancellationToken)
        {
            if (_batch.BatchCommands.Count >= BatchSize)
            {
                await FlushAsync(cancellationToken);
            }
        }

        public override async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            if (_batch.BatchCommands.Count > 0)
            {
                await _batch.ExecuteNonQueryAsync(cancellationToken);
                _batch.BatchCommands.Clear();
            }
        }

        public override ValueTask DisposeAsync() => _batch.DisposeAsync();
    }
}
