using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Senkyo.Domain.Municipality;
using Senkyo.Privacy.Keys;
using Senkyo.Storage;
using Senkyo.Storage.Import;
using Senkyo.Synthetic;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Benchmarks;

/// <summary>
/// The whole synthetic Sakai (826,000 residents) imported into a fresh SQLite store — parse, validate, 被登録資格,
/// encrypt, index, store — side by side with the floor: a raw SQLite bulk insert (one transaction, one prepared
/// statement, same pragmas) of exactly the bytes and index keys the import wrote. Target: import under 10 s and within
/// 1.3× of the raw insert. Each iteration starts from an empty store.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class ImportBenchmarks
{
    private const string Columns = "id, resident_ref, household_ref, ward_code, district, status, sex, registered_on, updated_at_us, identity, identity_key, index_key, bidx_kana, bidx_kanji, bidx_birth, bidx_kana_birth, eligibility, eligibility_on";
    private static readonly AccessContext Clerk = new("bench", "registrar", "*", "bench");
    private readonly string _root = Directory.CreateTempSubdirectory("senkyo-import-bench-").FullName;
    private Municipality _city = null!;
    private string _file = null!;
    private List<object?[]> _rows = null!;
    private MasterKey _key = null!;
    private StoreLocation _location = null!;
    private int _n;

    [GlobalSetup]
    public void Setup()
    {
        _city = SyntheticPopulation.City();
        _key = MasterKey.Generate();
        _file = Path.Combine(_root, "residents.csv");
        var total = _city.Wards.Sum(w => (long)w.Population);
        using (var s = File.Create(_file))
        {
            ResidentFileWriter.WriteAsync(new ResidentGenerator(_city, SyntheticCatalog.Default, 42, new DateOnly(2026, 11, 28)), total, 42, s, OutputEncoding.Parse("utf-8")).GetAwaiter().GetResult();
        }

        // Import once and keep every written row: the raw insert writes exactly these bytes.
        var location = NewStore();
        var first = SenkyoStore.OpenAsync(location, _key, null, default).GetAwaiter().GetResult();
        first.ImportResidentsAsync(Clerk, _file, _city, FileEncoding.Utf8, null, null, default).GetAwaiter().GetResult();
        first.DisposeAsync().AsTask().GetAwaiter().GetResult();

        _rows = [];
        using var c = new SqliteConnection($"Data Source={location.SqlitePath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM person ORDER BY id";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var values = new object?[18];
            r.GetValues(values!);
            _rows.Add(values);
        }

        Console.WriteLine($"// {_rows.Count} rows of {_rows.Average(v => ((byte[])v[9]!).Length):F0}-byte identity ciphertext");
    }

    [IterationSetup]
    public void FreshStore() => _location = NewStore();

    [Benchmark(Baseline = true)]
    public void RawSqliteInsert()
    {
        using var c = new SqliteConnection($"Data Source={_location.SqlitePath};Pooling=False");
        c.Open();
        using (var pragma = c.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-196608;";
            pragma.ExecuteNonQuery();
        }

        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO person ({Columns}) VALUES ({string.Join(", ", Enumerable.Range(0, 18).Select(i => "$p" + i))})";
        var p = new SqliteParameter[18];
        for (var i = 0; i < 18; i++)
        {
            p[i] = cmd.Parameters.Add(new SqliteParameter("$p" + i, null));
        }

        cmd.Prepare();
        foreach (var row in _rows)
        {
            for (var i = 0; i < 18; i++)
            {
                p[i].Value = row[i];
            }

            cmd.ExecuteNonQuery();
        }

        tx.Commit();
        _n = _rows.Count;
    }

    [Benchmark]
    public async Task<long> ImportResidents()
    {
        await using var store = await SenkyoStore.OpenAsync(_location, _key, null, default);
        var result = await store.ImportResidentsAsync(Clerk, _file, _city, FileEncoding.Utf8, null, null, default);
        return result.Residents + _n;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        _key.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private StoreLocation NewStore()
    {
        var dir = Path.Combine(_root, "s" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var location = new StoreLocation(EngineKind.Sqlite, dir);
        var store = SenkyoStore.CreateAsync(location, _key, StoreKind.Synthetic, Clerk, null, default).GetAwaiter().GetResult();
        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return location;
    }
}
