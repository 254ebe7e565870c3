using BenchmarkDotNet.Attributes;
using Senkyo.Domain.Municipality;
using Senkyo.Synthetic;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Benchmarks;

/// <summary>
/// Synthesizing residents streamed to a file: the target is ≥ 1,000,000 residents/s on the
/// 2-core reference machine with memory flat as the count grows (the ratio of the two counts'
/// times shows linearity; peak memory is measured with the CLI, see bench/README.md).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class SyntheticBenchmarks
{
    private Municipality _city = null!;
    private string _path = null!;

    [Params(250_000, 1_000_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _city = SyntheticPopulation.City();
        _ = SyntheticCatalog.Default;
        _path = Path.Combine(Path.GetTempPath(), $"senkyo-bench-{Environment.ProcessId}.csv");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public async Task<long> ResidentsToFile()
    {
        var generator = new ResidentGenerator(_city, SyntheticCatalog.Default, 42, new DateOnly(2026, 11, 28));
        await using var stream = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
        var result = await ResidentFileWriter.WriteAsync(generator, Count, 42, stream, OutputEncoding.Parse("utf-8"));
        return result.Residents;
    }
}
