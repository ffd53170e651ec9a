using System.Collections.Immutable;

namespace EdgeMx.Core.State;

/// <summary>
/// Everything the appliance knows about itself, as one immutable snapshot. This is the document behind
/// `edgemx status --json`, the MQTT `state` topic and the LEDs; its JSON shape is documented in the README and
/// kept stable (fields are added, never renamed or removed).
/// </summary>
public sealed record ApplianceState
{
    public required string DeviceId { get; init; }
    public required string FirmwareVersion { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Bumped on every change.</summary>
    public long Revision { get; init; }

    public ImmutableArray<UplinkState> Uplinks { get; init; } = [];

    /// <summary>Name of the uplink that carries the default route, or null when none is usable.</summary>
    public string? ActiveUplink { get; init; }

    /// <summary>When <see cref="ActiveUplink"/> last changed.</summary>
    public DateTimeOffset? ActiveUplinkSince { get; init; }

    /// <summary>Switches away from the primary uplink since start.</summary>
    public long Failovers { get; init; }

    /// <summary>Returns to the primary uplink since start.</summary>
    public long Failbacks { get; init; }

    /// <summary>The configuration the appliance is running.</summary>
    public ConfigSummary? Config { get; init; }

    public ImmutableArray<TunnelState> Tunnels { get; init; } = [];

    /// <summary>The MQTT telemetry connection; null when telemetry is not configured.</summary>
    public TelemetryState? Telemetry { get; init; }
}
