using System.Net;

namespace EdgeMx.Esp.Backends.Xfrm;

/// <summary>
/// One kernel security policy: an XFRM selector (a source and destination prefix, an upper-layer protocol and a
/// port/mask on each side), a direction, and for "protect" the tunnel template naming the outer addresses and the
/// reqid of the SAs that carry it. A negotiated traffic selector pair becomes one or more of these
/// (<see cref="XfrmSelectors"/>), installed in the out, in and fwd directions (RFC 4301 §4.4.1).
/// </summary>
public sealed record XfrmPolicySpec
{
    public required IPNetwork Source { get; init; }
    public required IPNetwork Destination { get; init; }
    public byte Protocol { get; init; }
    public ushort SourcePort { get; init; }
    public ushort SourcePortMask { get; init; }
    public ushort DestinationPort { get; init; }
    public ushort DestinationPortMask { get; init; }

    /// <summary><see cref="XfrmUapi.PolicyIn"/>, <see cref="XfrmUapi.PolicyOut"/> or <see cref="XfrmUapi.PolicyForward"/>.</summary>
    public required byte Direction { get; init; }

    /// <summary>Lower is preferred; more specific selectors get lower values.</summary>
    public required uint Priority { get; init; }

    /// <summary>Outer addresses of the tunnel template: from us to the peer for "out", from the peer to us for "in"/"fwd".</summary>
    public required IPAddress TunnelSource { get; init; }
    public required IPAddress TunnelDestination { get; init; }
    public required uint ReqId { get; init; }

    public string DirectionName => Direction switch
    {
        XfrmUapi.PolicyIn => "in",
        XfrmUapi.PolicyOut => "out",
        _ => "fwd",
    };

    public override string ToString() =>
        $"{Source} -> {Destination}{(Protocol != 0 ? $" proto {Protocol}" : "")} dir {DirectionName} tmpl {TunnelSource} -> {TunnelDestination} reqid {ReqId}";
}
