using System.Collections.Immutable;
using System.Net;

namespace EdgeMx.Esp.DataPlane;

/// <summary>How the user-space packet path treats what it carries.</summary>
public sealed record EspPathOptions
{
    /// <summary>
    /// Upper bound for the TCP MSS of SYNs through the tunnel (seed 001: `ip tcp adjust-mss 1360`). The effective
    /// clamp is the smaller of this and what the tunnel MTU allows; null = the tunnel MTU alone decides.
    /// </summary>
    public int? MaximumSegmentSize { get; init; } = 1360;

    /// <summary>Clamp MSS on SYNs in both directions.</summary>
    public bool ClampMss { get; init; } = true;

    /// <summary>The appliance's LAN addresses: the source of the ICMP errors it sends LAN hosts (one per family).</summary>
    public ImmutableArray<IPAddress> LanAddresses { get; init; } = [];

    /// <summary>ICMP errors per second at most (RFC 1812 §4.3.2.8 / RFC 4443 §2.4 (f) rate limiting).</summary>
    public int IcmpErrorsPerSecond { get; init; } = 100;
}
