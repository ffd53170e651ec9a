namespace EdgeMx.Core.Configuration.Model;

/// <summary>
/// Connection-monitoring settings as written: every member optional, because the same shape serves as the global
/// defaults and as a per-uplink override. <see cref="Resolve"/> gives the effective values.
/// </summary>
public sealed record MonitoringConfig
{
    public int? IntervalMs { get; set; }
    public int? TimeoutMs { get; set; }
    public int? FailureThreshold { get; set; }
    public int? RecoveryThreshold { get; set; }
    public int? WindowRounds { get; set; }
    public string? RoundPasses { get; set; }
    public DegradedConfig? Degraded { get; set; }
    public List<ProbeConfig>? Probes { get; set; }

    /// <summary>This uplink's settings over <paramref name="defaults"/>, over the built-in defaults.</summary>
    public static MonitoringSettings Resolve(MonitoringConfig defaults, MonitoringConfig? uplink)
    {
        var d = MonitoringSettings.Default;
        return new MonitoringSettings
        {
            Interval = TimeSpan.FromMilliseconds(uplink?.IntervalMs ?? defaults.IntervalMs ?? d.Interval.TotalMilliseconds),
            Timeout = TimeSpan.FromMilliseconds(uplink?.TimeoutMs ?? defaults.TimeoutMs ?? d.Timeout.TotalMilliseconds),
            FailureThreshold = uplink?.FailureThreshold ?? defaults.FailureThreshold ?? d.FailureThreshold,
            RecoveryThreshold = uplink?.RecoveryThreshold ?? defaults.RecoveryThreshold ?? d.RecoveryThreshold,
            WindowRounds = uplink?.WindowRounds ?? defaults.WindowRounds ?? d.WindowRounds,
            RoundPassesWhenAll = (uplink?.RoundPasses ?? defaults.RoundPasses) == "all",
            DegradedLossPercent = uplink?.Degraded?.LossPercent ?? defaults.Degraded?.LossPercent ?? d.DegradedLossPercent,
            DegradedLatency = TimeSpan.FromMilliseconds(uplink?.Degraded?.LatencyMs ?? defaults.Degraded?.LatencyMs ?? d.DegradedLatency.TotalMilliseconds),
            Probes = [.. uplink?.Probes ?? defaults.Probes ?? []],
        };
    }
}

public sealed record DegradedConfig
{
    public double? LossPercent { get; set; }
    public int? LatencyMs { get; set; }
}
