using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Senkyo.Domain.Municipality;
using Senkyo.Synthetic;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Changes;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Storage.Tests;

/// <summary>
/// Synthetic interface files for the register tests, written once per test class: a resident file of 20,000 people of
/// the synthetic Sakai (seed 42, as of 2026-11-28) and two change files continuing it. Bad files are these with one
/// field spoiled — never hand-made people.
/// </summary>
public sealed class RegisterFiles : IAsyncLifetime
{
    public const int Count = 20_000;
    public static readonly DateOnly AsOf = new(2026, 11, 28);
    private readonly string _dir = Directory.CreateTempSubdirectory("senkyo-register-").FullName;

    public Municipality City { get; } = SyntheticPopulation.City();

    public string Residents => Path.Combine(_dir, "residents.csv");

    /// <summary>2026-11-29 … 2027-02-28.</summary>
    public string Changes1 => Path.Combine(_dir, "changes1.csv");

    /// <summary>Same period as <see cref="Changes1"/>, another seed: a second file for a period already applied.</summary>
    public string Changes1Again => Path.Combine(_dir, "changes1b.csv");

    /// <summary>2027-03-01 … 2027-05-31.</summary>
    public string Changes2 => Path.Combine(_dir, "changes2.csv");

    public IReadOnlyList<SyntheticResident> Rows { get; private set; } = [];

    public IReadOnlyList<ChangeEvent> Events1 { get; private set; } = [];

    public static string[] Lines(string path) => File.ReadAllLines(path);

    /// <summary>A copy of the resident file with one line replaced (1-based line number).</summary>
    public string Spoiled(string name, int line, Func<string, string> spoil)
    {
        var lines = File.ReadAllLines(Residents);
        lines[line - 1] = spoil(lines[line - 1]);
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    public static string ReplaceField(string line, int index, string value)
    {
        var f = line.Split(',');
        f[index] = value;
        return string.Join(',', f);
    }

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var generator = new ResidentGenerator(City, SyntheticCatalog.Default, 42, AsOf);
        await using (var s = File.Create(Residents))
        {
            await ResidentFileWriter.WriteAsync(generator, Count, 42, s, OutputEncoding.Parse("utf-8"), cancellationToken: ct);
        }

        using (var reader = new StreamReader(Residents))
        {
            ResidentFileReader.ReadMarker(reader);
            Rows = [.. ResidentFileReader.ReadRows(reader, Residents)];
        }

        var hash = await InterfaceFile.Sha256Async(Residents, ct);
        Events1 = await WriteChangesAsync(Changes1, 7, new DateOnly(2026, 11, 29), new DateOnly(2027, 2, 28), hash, ct);
        await WriteChangesAsync(Changes1Again, 8, new DateOnly(2026, 11, 29), new DateOnly(2027, 2, 28), hash, ct);
        await WriteChangesAsync(Changes2, 9, new DateOnly(2027, 3, 1), new DateOnly(2027, 5, 31), hash, ct);
    }

    private async Task<List<ChangeEvent>> WriteChangesAsync(string path, ulong seed, DateOnly from, DateOnly to, string baseHash, CancellationToken ct)
    {
        var events = new ChangeGenerator(City, SyntheticCatalog.Default, seed, from).Generate(Rows, from, to).ToList();
        await using var s = File.Create(path);
        await ChangeFileWriter.WriteAsync(events, ChangeFileWriter.MarkerLine(seed, from, to, baseHash), s, OutputEncoding.Parse("utf-8"), ct);
        return events;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>One value from the store's database, bypassing the store (to check plaintext register columns).</summary>
    public static async Task<T> ScalarAsync<T>(StoreLocation location, string sql, CancellationToken ct)
    {
        object? result;
        if (location.Engine == EngineKind.Sqlite)
        {
            await using var c = new SqliteConnection($"Data Source={location.SqlitePath};Pooling=False");
            await c.OpenAsync(ct);
            await using var cmd = c.CreateCommand();
#pragma warning disable CA2100 // test-only SQL
            cmd.CommandText = sql;
#pragma warning restore CA2100
            result = await cmd.ExecuteScalarAsync(ct);
        }
        else
        {
            await using var c = new NpgsqlConnection(location.ConnectionString + ";Pooling=False");
            await c.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand(sql, c);
            result = await cmd.ExecuteScalarAsync(ct);
        }

        return (T)Convert.ChangeType(result!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Every index of the person table as the engine's catalogue describes it (name and definition), by name.</summary>
    public static async Task<List<string>> PersonIndexesAsync(StoreLocation location, CancellationToken ct)
    {
        var sql = location.Engine == EngineKind.Sqlite
            ? "SELECT name || ': ' || coalesce(sql, '(constraint)') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person' ORDER BY name"
            : "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'person' ORDER BY indexname";
        var result = new List<string>();
        if (location.Engine == EngineKind.Sqlite)
        {
            await using var c = new SqliteConnection($"Data Source={location.SqlitePath};Pooling=False");
            await c.OpenAsync(ct);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                result.Add(r.GetString(0));
            }
        }
        else
        {
            await using var c = new NpgsqlConnection(location.ConnectionString + ";Pooling=False");
            await c.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand(sql, c);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                result.Add(r.GetString(0));
            }
        }

        return result;
    }
}
