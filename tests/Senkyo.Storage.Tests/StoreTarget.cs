using Microsoft.Data.Sqlite;
using Npgsql;
using Senkyo.Privacy.Keys;
using Senkyo.Synthetic;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Storage.Tests;

/// <summary>One engine under test: makes fresh store locations and runs raw SQL against them (for tampering).</summary>
public abstract class StoreTarget : IDisposable
{
    private readonly List<string> _dirs = [];

    public abstract EngineKind Engine { get; }

    public abstract Task<StoreLocation> NewLocationAsync(CancellationToken cancellationToken);

    /// <summary>Raw SQL, bypassing the store: what an attacker with database access could do.</summary>
    public abstract Task<int> ExecuteRawAsync(StoreLocation location, string sql, CancellationToken cancellationToken);

    public abstract string BlockAuditInsertsSql { get; }

    protected string NewDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("senkyo-store-").FullName;
        _dirs.Add(dir);
        return dir;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var d in _dirs.Where(Directory.Exists))
        {
            Directory.Delete(d, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteTarget : StoreTarget
{
    public override EngineKind Engine => EngineKind.Sqlite;

    public override string BlockAuditInsertsSql =>
        "CREATE TRIGGER block_audit BEFORE INSERT ON audit_event BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END;";

    public override Task<StoreLocation> NewLocationAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new StoreLocation(EngineKind.Sqlite, NewDirectory()));

    public override async Task<int> ExecuteRawAsync(StoreLocation location, string sql, CancellationToken cancellationToken)
    {
        await using var c = new SqliteConnection($"Data Source={location.SqlitePath};Pooling=False");
        await c.OpenAsync(cancellationToken);
        await using var cmd = c.CreateCommand();
#pragma warning disable CA2100 // test-only raw SQL
        cmd.CommandText = sql;
#pragma warning restore CA2100
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed class PostgresTarget(PostgresServer server) : StoreTarget
{
    public PostgresServer Server => server;

    public override EngineKind Engine => EngineKind.Postgres;

    public override string BlockAuditInsertsSql =>
        "CREATE FUNCTION block_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$; " +
        "CREATE TRIGGER block_audit BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION block_audit();";

    public override async Task<StoreLocation> NewLocationAsync(CancellationToken cancellationToken) =>
        new(EngineKind.Postgres, NewDirectory(), await server.CreateDatabaseAsync(cancellationToken));

    public override async Task<int> ExecuteRawAsync(StoreLocation location, string sql, CancellationToken cancellationToken)
    {
        await using var c = new NpgsqlConnection(location.ConnectionString + ";Pooling=False");
        await c.OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(sql, c);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Synthetic people as store input; the only source of people in these tests.</summary>
public static class People
{
    public static readonly AccessContext Clerk = new("clerk01", "registrar", "*", "test");

    // Very small populations can hit a date overflow in the generator (households headed by a minor), reported
    // to its owner; drawing at least 256 and taking the first ones sidesteps it without changing what is drawn.
    public static IEnumerable<SyntheticResident> Residents(int count, ulong seed = 42) =>
        SyntheticPopulation.Generate(seed, Math.Max(count, 256), new DateOnly(2026, 11, 1)).Take(count);

    public static NewPerson ToNewPerson(SyntheticResident r, StoreKind origin = StoreKind.Synthetic) => new(
        origin,
        r.ResidentId,
        r.HouseholdId,
        new PersonIdentity(r.Surname, r.GivenName, r.SurnameKana, r.GivenNameKana, r.BirthDate, r.Nationality, r.PostalCode, r.Address, r.Banchi, r.Building, r.Phone, r.PreviousAddress, r.Relationship, r.TownCode),
        r.WardCode,
        null,
        1,
        r.Sex,
        r.ResidentSince,
        null);

    public static List<NewPerson> NewPeople(int count, ulong seed = 42) => [.. Residents(count, seed).Select(r => ToNewPerson(r))];

    public static MasterKey Key() => MasterKey.Generate();
}
