namespace EdgeMx.Mqtt.Telemetry.Metrics;

/// <summary>One reading of the system: CPU since the previous reading, memory, temperature, uptime.</summary>
public sealed record SystemSample
{
    /// <summary>Busy share of all CPUs since the previous sample, 0–100; null on the first sample.</summary>
    public double? CpuPercent { get; init; }
    public long? MemoryTotalBytes { get; init; }
    public long? MemoryAvailableBytes { get; init; }
    public double? MemoryUsedPercent { get; init; }

    /// <summary>The CPU thermal zone (or the first zone), °C; null where the kernel exposes none (VMs).</summary>
    public double? TemperatureCelsius { get; init; }
    public string? ThermalZone { get; init; }
    public double? LoadAverage1m { get; init; }

    /// <summary>Since the kernel booted.</summary>
    public double? SystemUptimeSeconds { get; init; }

    /// <summary>Resident memory of the edgemx process.</summary>
    public long ProcessRssBytes { get; init; }
}
