namespace EdgeMx.Core.State;

/// <summary>
/// The MQTT telemetry connection as `edgemx status` shows it. Updated by the telemetry publisher on connection
/// changes only (not per message), so it never makes the state it publishes change by publishing it.
/// </summary>
public sealed record TelemetryState
{
    /// <summary>"host:port".</summary>
    public required string Broker { get; init; }

    /// <summary>"connected", "connecting", "waiting-to-reconnect" or "stopped".</summary>
    public required string Connection { get; init; }
    public DateTimeOffset? ConnectedSince { get; init; }

    /// <summary>The most recent problem, worded for the operator; null after a clean connect.</summary>
    public string? LastProblem { get; init; }
    public DateTimeOffset? LastProblemAt { get; init; }

    /// <summary>Messages the offline queue has dropped (oldest first when full) over its life.</summary>
    public long DroppedMessages { get; init; }
}
