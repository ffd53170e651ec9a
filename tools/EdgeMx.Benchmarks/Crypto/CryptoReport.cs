using System.Globalization;
using BenchmarkDotNet.Reports;

namespace EdgeMx.Benchmarks.Crypto;

/// <summary>After a run that included <see cref="CryptoProviderBenchmarks"/>: one line per operation with each
/// provider's throughput (MB/s for packets, ops/s for key exchanges) and the platform/managed ratio.</summary>
public static class CryptoReport
{
    public static void Print(IEnumerable<Summary> summaries, TextWriter output)
    {
        var reports = summaries.SelectMany(s => s.Reports)
            .Where(r => r.BenchmarkCase.Descriptor.Type == typeof(CryptoProviderBenchmarks) && r.ResultStatistics is not null)
            .ToList();
        if (reports.Count == 0) return;

        output.WriteLine();
        output.WriteLine("crypto providers (same run, same machine):");
        // Absolute numbers mean little on a machine busy with other work; say how busy it was.
        if (File.Exists("/proc/loadavg"))
            output.WriteLine($"  {Environment.ProcessorCount} CPUs, load average at the end of the run: {File.ReadAllText("/proc/loadavg").Trim()}");
        output.WriteLine($"  {"operation",-34} {"platform",16} {"managed",16} {"platform/managed",17}");
        foreach (var operation in reports.GroupBy(r => r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo))
        {
            double? Mean(string provider) => operation
                .FirstOrDefault(r => (string)r.BenchmarkCase.Parameters["Provider"] == provider)?.ResultStatistics!.Mean;
            var platform = Mean("platform");
            var managed = Mean("managed");
            var packet = operation.Key.Contains("1400 B", StringComparison.Ordinal);
            string Rate(double? ns) => ns is null ? "-" : packet
                ? (1400 / (ns.Value / 1e9) / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " MB/s"
                : (1e9 / ns.Value).ToString("F0", CultureInfo.InvariantCulture) + " ops/s";
            var ratio = platform is { } p && managed is { } m ? (m / p).ToString("F1", CultureInfo.InvariantCulture) + "x" : "-";
            output.WriteLine($"  {operation.Key.Trim('\''),-34} {Rate(platform),16} {Rate(managed),16} {ratio,17}");
        }
    }
}
