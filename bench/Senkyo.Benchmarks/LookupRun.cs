using System.Diagnostics;
using System.Globalization;
using Senkyo.Storage;

namespace Senkyo.Benchmarks;

/// <summary>
/// A bounded load run of single look-ups (`-- lookup-run [COUNT]`, default 5,000 per kind; the store is in process, no
/// network): the same production path as <see cref="LookupBenchmarks"/>, timed call by call with a Stopwatch in one
/// process, without BenchmarkDotNet's per-iteration bookkeeping (it reports every iteration to its host process, a
/// context switch beside each measured call on a 2-core machine). Prints the percentiles, CPU time and allocation per
/// look-up of each kind. With COUNT 5,000 the P99 is the 50th slowest call, a steadier estimate than of 1,000.
/// </summary>
internal static class LookupRun
{
    private const int WarmUp = 600;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000;
        if (count is < 100 or > 100_000)
        {
            Console.Error.WriteLine("lookup-run: COUNT must be 100 to 100,000.");
            return 2;
        }

        var (store, people) = await LookupStore.OpenAsync();
        await using var _ = store;
        var kinds = new (string Name, Func<(string Kana, string Kanji, DateOnly Birth), VoterQuery> Query)[]
        {
            ("kana + birth", p => new VoterQuery(p.Kana, null, p.Birth)),
            ("kanji + birth", p => new VoterQuery(null, p.Kanji, p.Birth)),
            ("kana", p => new VoterQuery(p.Kana, null, null)),
            ("kanji", p => new VoterQuery(null, p.Kanji, null)),
        };
        Console.WriteLine("| look-up | count | median | P95 | P99 | P99.9 | max | CPU per call | allocated per call |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, query) in kinds)
        {
            for (var i = 0; i < WarmUp; i++)
            {
                await store.FindVotersAsync(LookupStore.Clerk, query(people[i % people.Count]), default);
            }

            var times = new double[count];
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await store.FindVotersAsync(LookupStore.Clerk, query(people[i % people.Count]), default);
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            var perCall = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / count;
            var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / count;
            Array.Sort(times);
            string At(double q) => times[Math.Min(count - 1, (int)(q * count))].ToString("F2", CultureInfo.InvariantCulture) + " ms";
            Console.WriteLine($"| {name} | {count:N0} | {At(0.5)} | {At(0.95)} | {At(0.99)} | {At(0.999)} | {times[^1]:F2} ms | {cpuPerCall:F2} ms | {perCall / 1024.0:F1} KB |");
        }

        return 0;
    }
}
