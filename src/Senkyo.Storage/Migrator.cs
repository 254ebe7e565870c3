using System.Globalization;
using Senkyo.Storage.Engines;

namespace Senkyo.Storage;

/// <summary>
/// Versioned schema migrations as plain numbered SQL scripts, one folder per engine, embedded in this assembly,
/// applied in order inside one transaction and recorded in <c>schema_version</c>.
/// Why not a migration library: the schema is small and engine-specific on purpose (STRICT tables and BLOB on
/// SQLite, bytea/date and storage settings on PostgreSQL); a library's portable DSL would hide exactly those
/// choices, and the scripts stay readable by a DBA who reviews what touches personal data. Both engines run DDL
/// transactionally, so a failed migration leaves the previous version intact.
/// </summary>
internal static class Migrator
{
    public sealed record Script(int Version, string Name, string Sql);

    public static IReadOnlyList<Script> Scripts(string folder)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"Senkyo.Storage.Migrations.{folder}/";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..];
                var version = int.Parse(name[..4], NumberStyles.None, CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new Script(version, name, reader.ReadToEnd());
            })
            .OrderBy(s => s.Version)];
    }

    /// <summary>Applies every script newer than the recorded version; returns the version reached.</summary>
    public static async Task<int> MigrateAsync(StorageEngine engine, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await engine.OpenAsync(cancellationToken);
        await using var tx = await engine.BeginWriteAsync(connection, cancellationToken);
        await engine.LockForMigrationAsync(connection, tx, cancellationToken);
        if (!await engine.TableExistsAsync(connection, tx, "schema_version", cancellationToken))
        {
            await connection.ExecAsync(tx, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_us BIGINT NOT NULL)", cancellationToken);
        }

        var current = await connection.ScalarAsync<int>(tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken);
        foreach (var script in Scripts(engine.MigrationFolder).Where(s => s.Version > current))
        {
            await connection.ExecAsync(tx, script.Sql, cancellationToken);
            await connection.ExecAsync(tx, "INSERT INTO schema_version (version, name, applied_at_us) VALUES (@v, @n, @t)", cancellationToken,
                ("@v", script.Version), ("@n", script.Name), ("@t", time.GetUtcNow().ToUnixTimeMilliseconds() * 1000));
            current = script.Version;
        }

        await tx.CommitAsync(cancellationToken);
        return current;
    }
}
