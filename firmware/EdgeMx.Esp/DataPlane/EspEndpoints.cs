using System.Net;
using System.Net.Sockets;

namespace EdgeMx.Esp.DataPlane;

/// <summary>
/// The outer addresses of a CHILD_SA and how ESP travels between them: in UDP (RFC 3948, port 4500 on both ends
/// unless a NAT changed the peer's) or as IP protocol 50.
/// </summary>
public sealed record EspEndpoints
{
    public EspEndpoints(IPEndPoint local, IPEndPoint remote, bool udpEncapsulation)
    {
        if (local.AddressFamily != remote.AddressFamily)
            throw new ArgumentException($"local {local} and remote {remote} are of different families");
        Local = local;
        Remote = remote;
        UdpEncapsulation = udpEncapsulation;
    }

    public IPEndPoint Local { get; }
    public IPEndPoint Remote { get; }
    public bool UdpEncapsulation { get; }

    public bool IsIpv6 => Remote.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>Outer IP header plus, with NAT-T, the UDP header: what the uplink MTU loses before ESP begins.</summary>
    public int OuterHeaderSize => (IsIpv6 ? 40 : 20) + (UdpEncapsulation ? 8 : 0);

    public override string ToString() =>
        $"{Local} <=> {Remote}{(UdpEncapsulation ? " (ESP in UDP)" : " (ESP)")}";
}
