using System.Collections.Immutable;

namespace EdgeMx.Core.Configuration.Model;

/// <summary>Effective monitoring settings of one uplink (defaults applied).</summary>
public sealed record MonitoringSettings
{
    public static readonly MonitoringSettings Default = new()
    {
        Interval = TimeSpan.FromSeconds(1),
        Timeout = TimeSpan.FromMilliseconds(800),
        FailureThreshold = 3,
        RecoveryThreshold = 3,
        WindowRounds = 10,
        DegradedLossPercent = 20,
        DegradedLatency = TimeSpan.FromMilliseconds(300),
        Probes = [],
    };

    public required TimeSpan Interval { get; set; }
    public required TimeSpan Timeout { get; set; }
    public required int FailureThreshold { get; set; }
    public required int RecoveryThreshold { get; set; }
    public required int WindowRounds { get; set; }
    public bool RoundPassesWhenAll { get; set; }
    public required double DegradedLossPercent { get; set; }
    public required TimeSpan DegradedLatency { get; set; }
    public required ImmutableArray<ProbeConfig> Probes { get; set; }
}
