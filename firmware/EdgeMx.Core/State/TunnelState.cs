namespace EdgeMx.Core.State;

/// <summary>
/// One configured VPN tunnel (a hub) as the appliance sees it. Phase 1 = IKE SA, phase 2 = CHILD_SA; the VPN LED
/// and dashboards derive seed 000's colours from them (green both up, amber phase 1 only, red both down).
/// Extended by the IKE subsystem (SAs, peers, counters) and the health-check policy.
/// </summary>
public sealed record TunnelState
{
    public required string Name { get; init; }
    public bool Phase1Up { get; init; }
    public bool Phase2Up { get; init; }

    /// <summary>Bytes, packets and rekeys; null until the tunnel subsystem reports them.</summary>
    public TunnelCounters? Counters { get; init; }

    /// <summary>The hub as configured (address or DNS name); null for a tunnel that listens for any peer.</summary>
    public string? Peer { get; init; }

    /// <summary>"initiate" or "listen".</summary>
    public string? StartAction { get; init; }

    /// <summary>The uplink the tunnel runs over (the active one), null while none is usable.</summary>
    public string? Uplink { get; init; }

    /// <summary>Why the tunnel is down, when the tunnel service knows (no uplink, PSK file missing, last failure).</summary>
    public string? LastError { get; init; }

    /// <summary>The IKE SAs of this tunnel with their CHILD_SAs (`swanctl --list-sas`).</summary>
    public System.Collections.Immutable.ImmutableArray<IkeSaStatus> Sas { get; init; } = [];

    /// <summary>
    /// True when every remote subnet has its guard route, so the tunnel's traffic is refused while the tunnel is
    /// down instead of leaving unencrypted (`failClosed`, seed 000). False with `failClosed` off or a guard missing.
    /// </summary>
    public bool Guarded { get; init; }

    /// <summary>The guard routes behind <see cref="Guarded"/>; null until the guard service has looked.</summary>
    public TunnelGuardState? Guard { get; init; }
}
