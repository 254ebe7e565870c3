using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Senkyo.Web.Accounts;

/// <summary>
/// Accounts in their own SQLite file (data/accounts.db, WAL mode). Temporary home: this class
/// moves into Senkyo.Storage when that project lands, beside a PostgreSQL implementation of
/// <see cref="IAccountStore"/>; the schema is versioned with PRAGMA user_version.
/// </summary>
public sealed class SqliteAccountStore(string path) : IAccountStore
{
    private const int SchemaVersion = 1;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
    }.ToString();

    private const string Columns =
        "id, user_name, display_name, role, wards, place_code, password_salt, password_iterations, password_hash, " +
        "must_change_password, totp_secret, totp_pending_secret, totp_last_step, failed_attempts, locked_until, " +
        "disabled, security_stamp, created_at, last_sign_in_at";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var connection = await OpenAsync(cancellationToken);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        var current = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (current == SchemaVersion)
        {
            return;
        }

        if (current != 0)
        {
            throw new InvalidDataException($"{path}: accounts schema version {current} is not supported (expected {SchemaVersion})");
        }

        await using var transaction = connection.BeginTransaction();
        await using var create = connection.CreateCommand();
        create.Transaction = transaction;
        create.CommandText = """
            CREATE TABLE accounts (
              id INTEGER PRIMARY KEY,
              user_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
              display_name TEXT NOT NULL,
              role TEXT NOT NULL,
              wards TEXT NOT NULL,
              place_code TEXT NULL,
              password_salt BLOB NOT NULL,
              password_iterations INTEGER NOT NULL,
              password_hash BLOB NOT NULL,
              must_change_password INTEGER NOT NULL,
              totp_secret BLOB NULL,
              totp_pending_secret BLOB NULL,
              totp_last_step INTEGER NOT NULL,
              failed_attempts INTEGER NOT NULL,
              locked_until TEXT NULL,
              disabled INTEGER NOT NULL,
              security_stamp TEXT NOT NULL,
              created_at TEXT NOT NULL,
              last_sign_in_at TEXT NULL
            );
            CREATE TABLE account_events (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              at TEXT NOT NULL,
              actor TEXT NOT NULL,
              action TEXT NOT NULL,
              subject TEXT NOT NULL,
              remote TEXT NULL,
              detail TEXT NULL
            );
            CREATE INDEX account_events_at ON account_events(at);
            PRAGMA user_version = 1;
            """;
        await create.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM accounts;";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public Task<Account?> FindByIdAsync(long id, CancellationToken cancellationToken) =>
        QuerySingleAsync("id = $key", id, cancellationToken);

    public Task<Account?> FindByUserNameAsync(string userName, CancellationToken cancellationToken) =>
        QuerySingleAsync("user_name = $key", userName, cancellationToken);

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM accounts ORDER BY user_name;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<Account>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    public async Task<Account> InsertAsync(Account account, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO accounts ({Columns[4..]})
            VALUES ($user_name, $display_name, $role, $wards, $place_code, $password_salt, $password_iterations, $password_hash,
                    $must_change_password, $totp_secret, $totp_pending_secret, $totp_last_step, $failed_attempts, $locked_until,
                    $disabled, $security_stamp, $created_at, $last_sign_in_at)
            RETURNING id;
            """;
        Bind(command, account);
        try
        {
            var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            return account with { Id = id };
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new DuplicateUserNameException(account.UserName);
        }
    }

    public async Task UpdateAsync(Account account, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE accounts SET user_name = $user_name, display_name = $display_name, role = $role, wards = $wards,
              place_code = $place_code, password_salt = $password_salt, password_iterations = $password_iterations,
              password_hash = $password_hash, must_change_password = $must_change_password, totp_secret = $totp_secret,
              totp_pending_secret = $totp_pending_secret, totp_last_step = MAX(totp_last_step, $totp_last_step),
              failed_attempts = $failed_attempts, locked_until = $locked_until, disabled = $disabled,
              security_stamp = $security_stamp, created_at = $created_at, last_sign_in_at = $last_sign_in_at
            WHERE id = $id;
            """;
        Bind(command, account);
        command.Parameters.AddWithValue("$id", account.Id);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException($"account {account.Id} does not exist");
        }
    }

    public async Task<bool> TryConsumeTotpStepAsync(long id, long timeStep, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE accounts SET totp_last_step = $step WHERE id = $id AND totp_last_step < $step;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$step", timeStep);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task AppendEventAsync(AccountEvent accountEvent, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO account_events (at, actor, action, subject, remote, detail)
            VALUES ($at, $actor, $action, $subject, $remote, $detail);
            """;
        command.Parameters.AddWithValue("$at", Format(accountEvent.At));
        command.Parameters.AddWithValue("$actor", accountEvent.Actor);
        command.Parameters.AddWithValue("$action", accountEvent.Action);
        command.Parameters.AddWithValue("$subject", accountEvent.Subject);
        command.Parameters.AddWithValue("$remote", (object?)accountEvent.Remote ?? DBNull.Value);
        command.Parameters.AddWithValue("$detail", (object?)accountEvent.Detail ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AccountEvent>> ListEventsAsync(AccountEventQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, at, actor, action, subject, remote, detail FROM account_events
            WHERE ($from IS NULL OR at >= $from) AND ($to IS NULL OR at < $to)
              AND ($actor IS NULL OR actor = $actor OR subject = $actor) AND ($action IS NULL OR action = $action)
            ORDER BY id DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$from", query.From is { } from ? Format(from) : DBNull.Value);
        command.Parameters.AddWithValue("$to", query.To is { } to ? Format(to) : DBNull.Value);
        command.Parameters.AddWithValue("$actor", (object?)query.Actor ?? DBNull.Value);
        command.Parameters.AddWithValue("$action", (object?)query.Action ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", query.Limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<AccountEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new AccountEvent(
                reader.GetInt64(0),
                Parse(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return list;
    }

    private async Task<Account?> QuerySingleAsync(string where, object key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM accounts WHERE {where};";
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private static void Bind(SqliteCommand command, Account a)
    {
        var p = command.Parameters;
        p.AddWithValue("$user_name", a.UserName);
        p.AddWithValue("$display_name", a.DisplayName);
        p.AddWithValue("$role", a.Role.ToString());
        p.AddWithValue("$wards", string.Join(',', a.WardCodes));
        p.AddWithValue("$place_code", (object?)a.PlaceCode ?? DBNull.Value);
        p.AddWithValue("$password_salt", a.Password.Salt);
        p.AddWithValue("$password_iterations", a.Password.Iterations);
        p.AddWithValue("$password_hash", a.Password.Hash);
        p.AddWithValue("$must_change_password", a.MustChangePassword ? 1 : 0);
        p.AddWithValue("$totp_secret", (object?)a.TotpSecret ?? DBNull.Value);
        p.AddWithValue("$totp_pending_secret", (object?)a.PendingTotpSecret ?? DBNull.Value);
        p.AddWithValue("$totp_last_step", a.TotpLastStep);
        p.AddWithValue("$failed_attempts", a.FailedAttempts);
        p.AddWithValue("$locked_until", a.LockedUntil is { } locked ? Format(locked) : DBNull.Value);
        p.AddWithValue("$disabled", a.Disabled ? 1 : 0);
        p.AddWithValue("$security_stamp", a.SecurityStamp);
        p.AddWithValue("$created_at", Format(a.CreatedAt));
        p.AddWithValue("$last_sign_in_at", a.LastSignInAt is { } last ? Format(last) : DBNull.Value);
    }

    private static Account Read(SqliteDataReader r)
    {
        if (!StaffRoleNames.TryParse(r.GetString(3), out var role))
        {
            throw new InvalidDataException($"accounts.db: account {r.GetInt64(0)} has an unknown role '{r.GetString(3)}'");
        }

        return new Account(
            Id: r.GetInt64(0),
            UserName: r.GetString(1),
            DisplayName: r.GetString(2),
            Role: role,
            WardCodes: r.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries),
            PlaceCode: r.IsDBNull(5) ? null : r.GetString(5),
            Password: new PasswordHash((byte[])r[6], r.GetInt32(7), (byte[])r[8]),
            MustChangePassword: r.GetInt32(9) != 0,
            TotpSecret: r.IsDBNull(10) ? null : (byte[])r[10],
            PendingTotpSecret: r.IsDBNull(11) ? null : (byte[])r[11],
            TotpLastStep: r.GetInt64(12),
            FailedAttempts: r.GetInt32(13),
            LockedUntil: r.IsDBNull(14) ? null : Parse(r.GetString(14)),
            Disabled: r.GetInt32(15) != 0,
            SecurityStamp: r.GetString(16),
            CreatedAt: Parse(r.GetString(17)),
            LastSignInAt: r.IsDBNull(18) ? null : Parse(r.GetString(18)));
    }

    // Fixed-width UTC text sorts in time order, so range queries work on the column directly.
    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string s) =>
        DateTimeOffset.ParseExact(s, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
