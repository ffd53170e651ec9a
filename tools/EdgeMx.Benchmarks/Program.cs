using BenchmarkDotNet.Running;
using EdgeMx.Benchmarks.Crypto;

// Entry point for every micro-benchmark in this assembly; pick with --filter.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
CryptoReport.Print(summaries, Console.Out);
