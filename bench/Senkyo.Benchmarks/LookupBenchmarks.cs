using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using Senkyo.Privacy.Keys;
using Senkyo.Storage;
using Senkyo.Storage.Import;
using Senkyo.Synthetic;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Benchmarks;

/// <summary>
/// Exact look-up of an elector (DESIGN.md: p99 under 2 ms over 680,000 electors) on SQLite: <see cref="SenkyoStore.FindVotersAsync"/>
/// by kana name, by kana name + birth date, by kanji name and by kanji name + birth date, over the whole synthetic Sakai
/// (826,000 residents). Names are typed as a clerk would without a space: a full name or a surname alone.
/// Each call is the full production path: blind index, B-tree look-up, decryption of the candidates, and the audit
/// events of the search committed with synchronous=FULL (an fsync each). The store is built once and kept in a
/// cache folder (SENKYO_BENCH_CACHE, else the temp folder) for later runs; the searched names are spread over the
/// file. The set-up brings the store to a server's steady state (file in the page cache, every sampled name searched
/// once). One call per iteration, no outlier removed, so the percentile columns are those of single look-ups: quote
/// the median and P99. No forced full collection between iterations (BenchmarkDotNet's default, meant to keep one
/// iteration's garbage out of the next): a server does not collect before each request, and a full collection before
/// every single call left each look-up starting with cold CPU caches (median 0.87 ms instead of 0.56 ms).
/// </summary>
[Config(typeof(PercentileConfig))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 50, iterationCount: 1000, invocationCount: 1)]
[Outliers(Perfolizer.Mathematics.OutlierDetection.OutlierMode.DontRemove)]
[GcForce(false)]
public class LookupBenchmarks
{
    private const int Residents = 826_000;
    private const int Samples = 256;
    private static readonly AccessContext Clerk = new("bench", "registrar", "*", "inquiry");
    private readonly List<(string Kana, string Kanji, DateOnly Birth)> _people = [];
    private SenkyoStore _store = null!;
    private int _next;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [Benchmark]
    public Task<IReadOnlyList<VoterView>> ByKana()
    {
        var p = Next();
        return _store.FindVotersAsync(Clerk, new VoterQuery(p.Kana, null, null), default);
    }

    [Benchmark]
    public Task<IReadOnlyList<VoterView>> ByKanaAndBirth()
    {
        var p = Next();
        return _store.FindVotersAsync(Clerk, new VoterQuery(p.Kana, null, p.Birth), default);
    }

    [Benchmark]
    public Task<IReadOnlyList<VoterView>> ByKanjiName()
    {
        var p = Next();
        return _store.FindVotersAsync(Clerk, new VoterQuery(null, p.Kanji, null), default);
    }

    [Benchmark]
    public Task<IReadOnlyList<VoterView>> ByKanjiNameAndBirth()
    {
        var p = Next();
        return _store.FindVotersAsync(Clerk, new VoterQuery(null, p.Kanji, p.Birth), default);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private (string Kana, string Kanji, DateOnly Birth) Next() => _people[_next++ % _people.Count];

    private async Task SetupAsync()
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

        ReadSamples(file);
        using var master = await MasterKey.ReadFileAsync(keyFile, default);
        _store = await SenkyoStore.OpenAsync(location, master, null, default);

        // Steady state of a commission's server, whose store (~0.5 GB here) sits in the OS page cache after its first
        // hours: the database file is read through once, and every sampled name is searched once each way, so the
        // measured look-ups neither wait for a first read from disk nor run code not yet tiered up.
        await using (var db = new FileStream(location.SqlitePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20, FileOptions.SequentialScan))
        {
            var buffer = new byte[1 << 20];
            while (await db.ReadAsync(buffer) > 0)
            {
            }
        }

        for (var i = 0; i < _people.Count; i++)
        {
            await ByKana();
            await ByKanaAndBirth();
            await ByKanjiName();
            await ByKanjiNameAndBirth();
        }

        Console.WriteLine($"// {await _store.CountPeopleAsync(default)} residents in {data}; {_people.Count} names searched in turn, each once before measuring");
    }

    /// <summary>Every (826,000 / 256)th resident of the file: surname_kana + given_name_kana, surname + given_name, birth_date.</summary>
    private void ReadSamples(string file)
    {
        var step = Residents / Samples;
        long line = 0;
        foreach (var text in File.ReadLines(file))
        {
            // Line 1 is the synthetic marker, line 2 the header; no field of a synthetic name holds a comma or quote.
            if (++line > 2 && (line - 3) % step == 0)
            {
                var f = text.Split(',');
                _people.Add((f[5] + f[6], f[3] + f[4], DateOnly.Parse(f[8], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
    }

    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig()
        {
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, new P99Column(), StatisticColumn.Max);
        }
    }

    /// <summary>BenchmarkDotNet has P95 and P100 but no P99 column.</summary>
    private sealed class P99Column : IColumn
    {
        public string Id => "P99";

        public string ColumnName => "P99";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Statistics;

        public int PriorityInCategory => 10;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Time;

        public string Legend => "99th percentile of single calls";

        public string GetValue(BenchmarkDotNet.Reports.Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(BenchmarkDotNet.Reports.Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var s = summary[benchmarkCase]?.ResultStatistics;
            return s is null ? "NA" : $"{s.Percentiles.Percentile(99) / 1e6:F3} ms";
        }

        public bool IsDefault(BenchmarkDotNet.Reports.Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(BenchmarkDotNet.Reports.Summary summary) => true;
    }
}
