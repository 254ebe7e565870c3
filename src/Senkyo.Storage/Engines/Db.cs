using System.Data.Common;

namespace Senkyo.Storage.Engines;

internal static class Db
{
    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
#pragma warning disable CA2100 // SQL text comes from this assembly's constants and migration resources; values are parameters.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        return cmd;
    }

    public static DbCommand With(this DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return cmd;
    }

    public static async Task<int> ExecAsync(this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = connection.Command(transaction, sql);
        foreach (var (name, value) in parameters)
        {
            cmd.With(name, value);
        }

        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<T?> ScalarAsync<T>(this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = connection.Command(transaction, sql);
        foreach (var (name, value) in parameters)
        {
            cmd.With(name, value);
        }

        var result = await cmd.ExecuteScalarAsync(cancellationToken);
        return result is null or DBNull ? default : (T)Convert.ChangeType(result, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
