using System.Net;
using EdgeMx.Esp.Sa;
using EdgeMx.Esp.Transform;

namespace EdgeMx.Esp.Backends.Xfrm;

/// <summary>
/// One direction of a CHILD_SA as the kernel's SAD holds it: the outer addresses (tunnel mode, RFC 4301 §4.1), the
/// SPI, algorithms and keys, replay window, ESN, NAT-T encapsulation ports and lifetime. <see cref="ReqId"/> ties it
/// to the policies' templates, so outbound traffic of the policy finds it (the kernel prefers the newest SA of a
/// reqid, which makes a rekey make-before-break).
/// </summary>
public sealed record XfrmSaSpec
{
    public required IPAddress Source { get; init; }
    public required IPAddress Destination { get; init; }
    public required uint Spi { get; init; }
    public required uint ReqId { get; init; }
    public required EspCipherSuite Suite { get; init; }
    public required EspKeyMaterial Keys { get; init; }
    public bool ExtendedSequenceNumbers { get; init; }
    public int ReplayWindow { get; init; } = Transform.ReplayWindow.DefaultSize;

    /// <summary>UDP source and destination port of ESP in UDP (RFC 3948); null for IP protocol 50.</summary>
    public (ushort Source, ushort Destination)? UdpEncapsulation { get; init; }

    public EspSaLifetime Lifetime { get; init; } = EspSaLifetime.Unlimited;

    public override string ToString() =>
        $"ESP {Source} -> {Destination} spi 0x{Spi:x8} reqid {ReqId} {Suite.Name}{(ExtendedSequenceNumbers ? "/ESN" : "")}" +
        (UdpEncapsulation is { } udp ? $" udp {udp.Source}->{udp.Destination}" : "");
}
