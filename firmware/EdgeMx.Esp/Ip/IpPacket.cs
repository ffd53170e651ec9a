using System.Buffers.Binary;
using System.Net;

namespace EdgeMx.Esp.Ip;

/// <summary>
/// Reads the headers of IPv4 (RFC 791) and IPv6 (RFC 8200) packets as they come from the TUN device or out of an ESP
/// tunnel. Every length is checked before use; a packet that is not well formed gives false, never an exception.
/// </summary>
public static class IpPacket
{
    public const byte ProtocolIcmp = 1;
    public const byte ProtocolTcp = 6;
    public const byte ProtocolUdp = 17;
    public const byte ProtocolIcmpV6 = 58;
    public const int Ipv4MinimumHeader = 20;
    public const int Ipv6Header = 40;

    public static bool TryParse(ReadOnlySpan<byte> packet, out IpPacketInfo info)
    {
        info = default;
        if (packet.IsEmpty) return false;
        return (packet[0] >> 4) switch
        {
            4 => TryParseIpv4(packet, out info),
            6 => TryParseIpv6(packet, out info),
            _ => false,
        };
    }

    /// <summary>
    /// <code>
    ///  0                   1                   2                   3
    /// |Version|  IHL  |Type of Service|          Total Length         |
    /// |         Identification        |Flags|      Fragment Offset    |
    /// |  Time to Live |    Protocol   |         Header Checksum       |
    /// |                       Source Address                          |
    /// |                    Destination Address                        |
    /// </code>
    /// </summary>
    private static bool TryParseIpv4(ReadOnlySpan<byte> packet, out IpPacketInfo info)
    {
        info = default;
        if (packet.Length < Ipv4MinimumHeader) return false;
        var headerLength = (packet[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (headerLength < Ipv4MinimumHeader || totalLength < headerLength || totalLength > packet.Length) return false;
        var flagsAndOffset = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var dontFragment = (flagsAndOffset & 0x4000) != 0;
        var moreFragments = (flagsAndOffset & 0x2000) != 0;
        var offset = flagsAndOffset & 0x1FFF;
        var protocol = packet[9];
        var source = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
        var destination = BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);
        var hasPorts = ReadPorts(packet[headerLength..totalLength], protocol, offset == 0, out var sourcePort, out var destinationPort);
        info = new IpPacketInfo(4, headerLength, totalLength, protocol, source, destination, sourcePort, destinationPort,
            dontFragment, moreFragments || offset != 0, offset != 0, hasPorts, headerLength);
        return true;
    }

    /// <summary>
    /// Fixed header (40 octets) then extension headers; hop-by-hop (0), routing (43), destination options (60) and
    /// fragment (44) are walked to find the upper-layer protocol and, in a first fragment, its ports.
    /// </summary>
    private static bool TryParseIpv6(ReadOnlySpan<byte> packet, out IpPacketInfo info)
    {
        info = default;
        if (packet.Length < Ipv6Header) return false;
        var totalLength = Ipv6Header + BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        if (totalLength > packet.Length) return false;
        var source = BinaryPrimitives.ReadUInt128BigEndian(packet[8..]);
        var destination = BinaryPrimitives.ReadUInt128BigEndian(packet[24..]);
        var next = packet[6];
        var offset = Ipv6Header;
        var fragment = false;
        var firstFragment = true;
        for (var hops = 0; hops < 8; hops++)
        {
            if (next is 0 or 43 or 60)
            {
                if (offset + 8 > totalLength) return false;
                var length = (packet[offset + 1] + 1) * 8;
                if (offset + length > totalLength) return false;
                next = packet[offset];
                offset += length;
            }
            else if (next == 44)
            {
                if (offset + 8 > totalLength) return false;
                fragment = true;
                firstFragment = (BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) & 0xFFF8) == 0;
                next = packet[offset];
                offset += 8;
            }
            else
            {
                break;
            }
        }
        var hasPorts = ReadPorts(packet[offset..totalLength], next, firstFragment, out var sourcePort, out var destinationPort);
        // IPv6 routers never fragment: every IPv6 packet is "DF" for path-MTU purposes (RFC 8200 §5).
        info = new IpPacketInfo(6, Ipv6Header, totalLength, next, source, destination, sourcePort, destinationPort,
            DontFragment: true, fragment, !firstFragment, hasPorts, offset);
        return true;
    }

    private static bool ReadPorts(ReadOnlySpan<byte> transport, byte protocol, bool firstFragment, out ushort source,
        out ushort destination)
    {
        source = destination = 0;
        if (!firstFragment || transport.Length < 4) return false;
        if (protocol is ProtocolTcp or ProtocolUdp or 132 /* SCTP */)
        {
            source = BinaryPrimitives.ReadUInt16BigEndian(transport);
            destination = BinaryPrimitives.ReadUInt16BigEndian(transport[2..]);
            return true;
        }
        if (protocol is ProtocolIcmp or ProtocolIcmpV6)
        {
            // RFC 4301 §4.4.1.1: for ICMP the selector "ports" are the message type and code.
            source = transport[0];
            destination = transport[1];
            return true;
        }
        return false;
    }

    /// <summary>An address in the representation of <see cref="IpPacketInfo"/>.</summary>
    public static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written)) throw new ArgumentException("unsupported address", nameof(address));
        return written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static IPAddress ToAddress(UInt128 number, bool ipv6)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (ipv6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, number);
            return new IPAddress(bytes);
        }
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)number);
        return new IPAddress(bytes[..4]);
    }
}
