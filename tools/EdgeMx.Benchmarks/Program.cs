using BenchmarkDotNet.Running;
using EdgeMx.Benchmarks.Crypto;
using EdgeMx.Benchmarks.Ike;

// Publisher driver for tools/bench/mqtt.sh (not a BenchmarkDotNet benchmark: it is timed against mosquitto_pub).
if (args.Length > 0 && args[0] == "mqtt-publish") return await EdgeMx.Benchmarks.Mqtt.MqttPublishBench.RunAsync(args);

// The IKE benchmark modes (tools/bench/ike.sh) run real engines on real sockets.
if (IkeBench.IsMode(args)) return await IkeBench.RunAsync(args);

// Entry point for every micro-benchmark in this assembly; pick with --filter.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
CryptoReport.Print(summaries, Console.Out);
return 0;
