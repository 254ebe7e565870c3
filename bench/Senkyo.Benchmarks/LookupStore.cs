using Senkyo.Privacy.Keys;
using Senkyo.Storage;
using Senkyo.Storage.Import;
using Senkyo.Synthetic;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Benchmarks;

/// <summary>
/// The whole synthetic Sakai (826,000 residents) in a SQLite store, built once into a cache folder (SENKYO_BENCH_CACHE,
/// else the temp folder) and reused, with 257 names spread over the file to search. Shared by
/// <see cref="LookupBenchmarks"/> and <see cref="LookupRun"/>.
/// </summary>
internal static class LookupStore
{
    public const int Residents = 826_000;
    private const int Samples = 256;

    public static AccessContext Clerk { get; } = new("bench", "registrar", "*", "inquiry");

    /// <summary>
    /// Opens the store at a commission server's steady state: the database file (~0.5 GB) is read through once, as it
    /// sits in the OS page cache after a server's first hours, so no measured look-up waits for a first read from disk.
    /// </summary>
    public static async Task<(SenkyoStore Store, List<(string Kana, string Kanji, DateOnly Birth)> People)> OpenAsync()
    {
        var root = Path.Combine(Environment.GetEnvironmentVariable("SENKYO_BENCH_CACHE") ?? Path.GetTempPath(), $"senkyo-lookup-{Residents}");
        var data = Path.Combine(root, "store");
        var keyFile = Path.Combine(root, "master.key");
        var file = Path.Combine(root, "residents.csv");
        var city = SyntheticPopulation.City();
        var location = new StoreLocation(EngineKind.Sqlite, data);
        if (!File.Exists(Path.Combine(root, "ready")))
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            Directory.CreateDirectory(data);
            using (var key = MasterKey.Generate())
            {
                await key.WriteFileAsync(keyFile, default);
                await using (var s = File.Create(file))
                {
                    await ResidentFileWriter.WriteAsync(new ResidentGenerator(city, SyntheticCatalog.Default, 7, new DateOnly(2026, 11, 28)), Residents, 7, s, OutputEncoding.Parse("utf-8"));
                }

                await using var store = await SenkyoStore.CreateAsync(location, key, StoreKind.Synthetic, Clerk, null, default);
                await store.ImportResidentsAsync(Clerk, file, city, FileEncoding.Utf8, null, null, default);
            }

            await File.WriteAllTextAsync(Path.Combine(root, "ready"), "");
        }

        var people = ReadSamples(file);
        using var master = await MasterKey.ReadFileAsync(keyFile, default);
        var opened = await SenkyoStore.OpenAsync(location, master, null, default);
        await using (var db = new FileStream(location.SqlitePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20, FileOptions.SequentialScan))
        {
            var buffer = new byte[1 << 20];
            while (await db.ReadAsync(buffer) > 0)
            {
            }
        }

        Console.WriteLine($"// {await opened.CountPeopleAsync(default)} residents in {data}; {people.Count} names searched in turn");
        return (opened, people);
    }

    /// <summary>Every (826,000 / 256)th resident of the file: surname_kana + given_name_kana, surname + given_name, birth_date.</summary>
    private static List<(string Kana, string Kanji, DateOnly Birth)> ReadSamples(string file)
    {
        var people = new List<(string, string, DateOnly)>();
        var step = Residents / Samples;
        long line = 0;
        foreach (var text in File.ReadLines(file))
        {
            // Line 1 is the synthetic marker, line 2 the header; no field of a synthetic name holds a comma or quote.
            if (++line > 2 && (line - 3) % step == 0)
            {
                var f = text.Split(',');
                people.Add((f[5] + f[6], f[3] + f[4], DateOnly.Parse(f[8], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return people;
    }
}
