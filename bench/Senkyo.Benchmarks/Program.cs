using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Senkyo.Benchmarks -- --filter '*'` runs every benchmark;
// see bench/README.md for the figures and how to read them.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
