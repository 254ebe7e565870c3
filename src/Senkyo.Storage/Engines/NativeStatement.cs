using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Senkyo.Storage.Engines;

/// <summary>
/// The few steps every native SQLite statement of the store takes (the import's writer, the registration runs' writer,
/// the audit append): prepare on the connection's own handle, step and reset, and turn a result code that is not the
/// expected one into the <see cref="SqliteException"/> Microsoft.Data.Sqlite's commands would throw.
/// </summary>
internal static class NativeStatement
{
    public static sqlite3_stmt Prepare(sqlite3 db, string sql) => Prepare(db, System.Text.Encoding.UTF8.GetBytes(sql));

    public static sqlite3_stmt Prepare(sqlite3 db, ReadOnlySpan<byte> sql)
    {
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        return statement;
    }

    /// <summary>Steps a statement that returns no row and resets it for its next bindings (which outlive the reset).</summary>
    public static void Execute(sqlite3 db, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        Check(rc, raw.SQLITE_DONE, db);
    }

    public static void Check(int rc, int expected, sqlite3 db)
    {
        if (rc != expected)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
            throw new SqliteException($"SQLite returned {rc} where {expected} was expected.", rc); // not an error code, yet not the step's result
        }
    }
}
