using System.Buffers.Binary;

namespace EdgeMx.Esp.Ip;

/// <summary>
/// Builds the ICMP error that tells a LAN host its packet does not fit the tunnel: IPv4 "destination unreachable /
/// fragmentation needed and DF set" with the next-hop MTU (RFC 792, RFC 1191 §4), IPv6 "Packet Too Big" (RFC 4443
/// §3.2). It quotes as much of the offending packet as RFC 1812 §4.3.2.3 (576 octets) or RFC 4443 (1280) allow.
/// </summary>
public static class IcmpTooBig
{
    public const int Ipv4MaximumSize = 576;
    public const int Ipv6MaximumSize = 1280;
    private const byte Ipv4Type = 3;
    private const byte Ipv4CodeFragmentationNeeded = 4;
    private const byte Ipv6Type = 2;

    /// <summary>
    /// Whether an ICMP error may be sent about this packet at all: never about an ICMP error, a non-first fragment
    /// or a packet from an unspecified/multicast source (RFC 1122 §3.2.2, RFC 4443 §2.4 (e)).
    /// </summary>
    public static bool MayAnswer(ReadOnlySpan<byte> packet, in IpPacketInfo info)
    {
        if (info.IsLaterFragment) return false;
        if (info.IsIpv6)
        {
            if (info.Source == UInt128.Zero || (info.Source >> 120) == 0xFF) return false;
            if (info.Protocol == IpPacket.ProtocolIcmpV6 && info.HasPorts && info.SourcePort < 128) return false;
            return true;
        }
        var source = (uint)info.Source;
        if (source == 0 || source >> 28 == 0xE || source == uint.MaxValue) return false;
        // ICMP errors (as opposed to queries) are types 3, 4, 5, 11, 12.
        return !(info.Protocol == IpPacket.ProtocolIcmp && info.HasPorts && info.SourcePort is 3 or 4 or 5 or 11 or 12);
    }

    /// <summary>
    /// Writes the ICMP error about <paramref name="original"/> into <paramref name="destination"/>, from
    /// <paramref name="source"/> (one of the appliance's LAN addresses, same family) to the original sender.
    /// Returns its length.
    /// </summary>
    public static int Write(ReadOnlySpan<byte> original, in IpPacketInfo info, UInt128 source, int mtu, Span<byte> destination)
    {
        return info.IsIpv6 ? WriteIpv6(original, info, source, mtu, destination) : WriteIpv4(original, info, (uint)source, mtu, destination);
    }

    private static int WriteIpv4(ReadOnlySpan<byte> original, in IpPacketInfo info, uint source, int mtu, Span<byte> packet)
    {
        var quoted = Math.Min(info.TotalLength, Ipv4MaximumSize - 28);
        var length = 20 + 8 + quoted;
        packet = packet[..length];
        packet.Clear();
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)length);
        packet[8] = 64;
        packet[9] = IpPacket.ProtocolIcmp;
        BinaryPrimitives.WriteUInt32BigEndian(packet[12..], source);
        BinaryPrimitives.WriteUInt32BigEndian(packet[16..], (uint)info.Source);
        BinaryPrimitives.WriteUInt16BigEndian(packet[10..], InternetChecksum.Compute(packet[..20]));

        var icmp = packet[20..];
        icmp[0] = Ipv4Type;
        icmp[1] = Ipv4CodeFragmentationNeeded;
        // RFC 1191 §4: the low-order 16 bits of the second word carry the Next-Hop MTU.
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], (ushort)mtu);
        original[..quoted].CopyTo(icmp[8..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Compute(icmp));
        return length;
    }

    private static int WriteIpv6(ReadOnlySpan<byte> original, in IpPacketInfo info, UInt128 source, int mtu, Span<byte> packet)
    {
        var quoted = Math.Min(info.TotalLength, Ipv6MaximumSize - 48);
        var icmpLength = 8 + quoted;
        var length = 40 + icmpLength;
        packet = packet[..length];
        packet.Clear();
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], (ushort)icmpLength);
        packet[6] = IpPacket.ProtocolIcmpV6;
        packet[7] = 64;
        BinaryPrimitives.WriteUInt128BigEndian(packet[8..], source);
        BinaryPrimitives.WriteUInt128BigEndian(packet[24..], info.Source);

        var icmp = packet[40..];
        icmp[0] = Ipv6Type;
        BinaryPrimitives.WriteUInt32BigEndian(icmp[4..], (uint)mtu);
        original[..quoted].CopyTo(icmp[8..]);
        var sum = InternetChecksum.Ipv6PseudoHeader(packet.Slice(8, 16), packet.Slice(24, 16), icmpLength, IpPacket.ProtocolIcmpV6);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Finish(InternetChecksum.Add(sum, icmp)));
        return length;
    }
}
