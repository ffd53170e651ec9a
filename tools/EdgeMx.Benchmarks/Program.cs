using BenchmarkDotNet.Running;

// Entry point for every micro-benchmark in this assembly; pick with --filter.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
