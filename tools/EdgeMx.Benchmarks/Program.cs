using BenchmarkDotNet.Running;
using EdgeMx.Benchmarks.Ike;

// The IKE benchmark modes (tools/bench/ike.sh) run real engines on real sockets; everything else is a
// BenchmarkDotNet micro-benchmark, picked with --filter.
if (IkeBench.IsMode(args)) return await IkeBench.RunAsync(args);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
