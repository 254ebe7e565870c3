using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using Senkyo.Storage;

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
    private static readonly AccessContext Clerk = LookupStore.Clerk;
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
        (_store, var people) = await LookupStore.OpenAsync();
        _people.AddRange(people);
        for (var i = 0; i < _people.Count; i++)
        {
            await ByKana();
            await ByKanaAndBirth();
            await ByKanjiName();
            await ByKanjiNameAndBirth();
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
