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

    /// <summary>False while the appliance is starting (the system LED is solid); true once every service started.</summary>
    public bool Ready { get; init; }

    /// <summary>True while traffic for the VPN destinations goes straight to the internet because no tunnel is usable
    /// and Direct Internet Access is enabled (seed 000). Set by the tunnel failover policy; lights the DIA LED.</summary>
    public bool DiaActive { get; init; }

    /// <summary>Conditions that need an operator; the system LED blinks fast while any is present.</summary>
    public ImmutableArray<ApplianceFault> Faults { get; init; } = [];

    /// <summary>The status LEDs as the panel shows them, derived from this snapshot by the LED service.</summary>
    public ImmutableArray<LedIndicatorState> Leds { get; init; } = [];

    /// <summary>Crypto providers, their start-up self-tests and kernel ESP offload.</summary>
    public CryptoStatus? Crypto { get; init; }

    /// <summary>The ESP data plane (backend, per-SA counters, drops); null until its service started.</summary>
    public DataPlaneState? DataPlane { get; init; }

    /// <summary>The MQTT telemetry connection; null when telemetry is not configured.</summary>
    public TelemetryState? Telemetry { get; init; }
}
