namespace EdgeMx.Mqtt.Telemetry.Metrics;

/// <summary>The JSON published on <c>&lt;prefix&gt;/&lt;id&gt;/metrics</c> (README "MQTT telemetry"). Uplinks and tunnels
/// are keyed by name so dashboards can address them directly (<c>value_json.uplinks['wan1'].latencyMs</c>).</summary>
public sealed record MetricsDocument
{
    public required string DeviceId { get; init; }
    public DateTimeOffset Time { get; init; }

    /// <summary>Since the appliance (the edgemx process) started.</summary>
    public double UptimeSeconds { get; init; }
    public required SystemSample System { get; init; }
    public Dictionary<string, UplinkMetrics> Uplinks { get; init; } = [];
    public Dictionary<string, TunnelMetrics> Tunnels { get; init; } = [];
    public required TelemetryMetrics Telemetry { get; init; }
}

public sealed record UplinkMetrics
{
    public required string Link { get; init; }
    public required string Monitor { get; init; }
    public required string Role { get; init; }
    public double? LatencyMs { get; init; }
    public double? LossPercent { get; init; }
    public long ProbesSent { get; init; }
    public long ProbesFailed { get; init; }
    public long LinkDowns { get; init; }
}

public sealed record TunnelMetrics
{
    public bool Phase1Up { get; init; }
    public bool Phase2Up { get; init; }

    /// <summary>Null until the tunnel subsystem reports counters.</summary>
    public long? BytesIn { get; init; }
    public long? BytesOut { get; init; }
    public long? PacketsIn { get; init; }
    public long? PacketsOut { get; init; }
    public long? IkeRekeys { get; init; }
    public long? ChildRekeys { get; init; }
}

public sealed record TelemetryMetrics
{
    public int QueuedMessages { get; init; }
    public long QueuedBytes { get; init; }
    public long DroppedMessages { get; init; }
    public long DeliveredMessages { get; init; }
    public int Connections { get; init; }
}
