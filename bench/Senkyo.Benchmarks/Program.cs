using BenchmarkDotNet.Running;
using Senkyo.Benchmarks;

// `dotnet run -c Release --project bench/Senkyo.Benchmarks -- --filter '*'` runs every benchmark;
// `-- lookup-run [COUNT]` is the bounded load run of single look-ups (LookupRun).
// See bench/README.md for the figures and how to read them.
if (args.Length > 0 && args[0] == "lookup-run")
{
    return await LookupRun.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
