using System.Net;
using System.Net.Sockets;
using EdgeMx.Esp.Ip;

namespace EdgeMx.Esp.Policy;

/// <summary>
/// One IKEv2 traffic selector (RFC 7296 §3.13.1) as the data plane matches it: an address range of one family, an
/// IP protocol (0 = any) and a port range (for ICMP the type/code, RFC 4301 §4.4.1.1). Ranges, not prefixes,
/// because that is what IKE negotiates; <see cref="FromPrefix"/> builds the common subnet case.
/// </summary>
public sealed record TrafficSelector
{
    public TrafficSelector(IPAddress start, IPAddress end, byte protocol = 0, ushort startPort = 0, ushort endPort = ushort.MaxValue)
    {
        if (start.AddressFamily != end.AddressFamily)
            throw new ArgumentException("a traffic selector's addresses are of one family");
        if (start.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new ArgumentException("a traffic selector is IPv4 or IPv6", nameof(start));
        IsIpv6 = start.AddressFamily == AddressFamily.InterNetworkV6;
        StartNumber = IpPacket.ToNumber(start);
        EndNumber = IpPacket.ToNumber(end);
        if (StartNumber > EndNumber) throw new ArgumentException($"empty address range {start}-{end}");
        if (startPort > endPort) throw new ArgumentException($"empty port range {startPort}-{endPort}");
        Start = start;
        End = end;
        Protocol = protocol;
        StartPort = startPort;
        EndPort = endPort;
    }

    public IPAddress Start { get; }
    public IPAddress End { get; }
    public byte Protocol { get; }
    public ushort StartPort { get; }
    public ushort EndPort { get; }
    public bool IsIpv6 { get; }

    internal UInt128 StartNumber { get; }
    internal UInt128 EndNumber { get; }

    public bool AnyPort => StartPort == 0 && EndPort == ushort.MaxValue;

    /// <summary>The addresses of <c>a.b.c.d/len</c> or <c>x::/len</c>, any protocol and port.</summary>
    public static TrafficSelector FromPrefix(string prefix)
    {
        var network = IPNetwork.Parse(prefix);
        var bits = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var start = IpPacket.ToNumber(network.BaseAddress);
        var hostBits = bits - network.PrefixLength;
        var hostMask = hostBits == 0 ? UInt128.Zero : hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        var ipv6 = bits == 128;
        return new TrafficSelector(network.BaseAddress, IpPacket.ToAddress(start | hostMask, ipv6));
    }

    public bool ContainsAddress(UInt128 address) => address >= StartNumber && address <= EndNumber;

    /// <summary>
    /// Whether a packet's address (source or destination side) and protocol/port fall in this selector. A packet
    /// whose ports are unknown (a non-first fragment) matches only a selector with any port (RFC 4301 §4.4.1.1).
    /// </summary>
    internal bool Matches(in IpPacketInfo packet, bool sourceSide)
    {
        if (packet.IsIpv6 != IsIpv6) return false;
        if (!ContainsAddress(sourceSide ? packet.Source : packet.Destination)) return false;
        if (Protocol != 0 && Protocol != packet.Protocol) return false;
        if (AnyPort) return true;
        if (!packet.HasPorts) return false;
        var port = sourceSide ? packet.SourcePort : packet.DestinationPort;
        return port >= StartPort && port <= EndPort;
    }

    /// <summary>The number of addresses, for longest-match ordering of policies.</summary>
    internal UInt128 Width => EndNumber - StartNumber;

    public override string ToString()
    {
        var addresses = Start.Equals(End) ? $"{Start}/{(IsIpv6 ? 128 : 32)}" : AsPrefix() ?? $"{Start}..{End}";
        if (Protocol == 0 && AnyPort) return addresses;
        var ports = AnyPort ? "" : StartPort == EndPort ? $"/{StartPort}" : $"/{StartPort}-{EndPort}";
        return $"{addresses}[{Protocol}{ports}]";
    }

    private string? AsPrefix()
    {
        var width = Width + 1;
        if (width == 0) return $"{Start}/0"; // the whole IPv6 space wraps the count
        if ((width & (width - 1)) != 0 || (StartNumber & (width - 1)) != 0) return null;
        var hostBits = 0;
        while ((UInt128.One << hostBits) != width) hostBits++;
        return $"{Start}/{(IsIpv6 ? 128 : 32) - hostBits}";
    }
}
