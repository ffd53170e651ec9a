namespace EdgeMx.Esp.Ip;

/// <summary>
/// What the data plane needs to know about an inner IPv4/IPv6 packet: version, lengths, addresses (IPv4 in the low
/// 32 bits of a <see cref="UInt128"/>, so one comparison serves both families), upper-layer protocol and ports.
/// Ports are 0 and <see cref="HasPorts"/> false when the packet is a non-first fragment or its protocol has none
/// (RFC 4301 §4.4.1.1: OPAQUE). <see cref="TransportOffset"/> is where the upper-layer header starts.
/// </summary>
public readonly record struct IpPacketInfo(
    int Version,
    int HeaderLength,
    int TotalLength,
    byte Protocol,
    UInt128 Source,
    UInt128 Destination,
    ushort SourcePort,
    ushort DestinationPort,
    bool DontFragment,
    bool IsFragment,
    bool IsLaterFragment,
    bool HasPorts,
    int TransportOffset)
{
    public bool IsIpv6 => Version == 6;
}
