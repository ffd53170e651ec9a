using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace EdgeMx.Net.Probes;

/// <summary>
/// ICMP / ICMPv6 echo packets for <see cref="IcmpEchoProbe"/>: building a request and judging what a raw socket
/// received (RFC 792, RFC 4443). Echo header:
/// <code>
///  0      1      2             4             6             8
/// +------+------+-------------+-------------+-------------+-----------+
/// | type | code | checksum    | identifier  | sequence    | data ...  |
/// +------+------+-------------+-------------+-------------+-----------+
/// </code>
/// </summary>
public static class IcmpEchoPacket
{
    public const int HeaderSize = 8;
    public const byte EchoRequestV4 = 8, EchoReplyV4 = 0, DestinationUnreachableV4 = 3, TimeExceededV4 = 11;
    public const byte EchoRequestV6 = 128, EchoReplyV6 = 129, DestinationUnreachableV6 = 1, TimeExceededV6 = 3;
    public const int IPv4MinHeader = 20, IPv6Header = 40;
    public const byte ProtocolIcmp = 1, ProtocolIcmpV6 = 58;

    public enum Verdict { Unrelated, Reply, BadReply, Unreachable, TimeExceeded }

    /// <summary>Builds an echo request. For IPv4 the checksum is ours to compute; for ICMPv6 the kernel fills it in.</summary>
    public static int BuildRequest(AddressFamily family, ushort identifier, ushort sequence, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var length = HeaderSize + data.Length;
        if (destination.Length < length) throw new ArgumentException("destination too small", nameof(destination));
        destination[0] = family == AddressFamily.InterNetworkV6 ? EchoRequestV6 : EchoRequestV4;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], sequence);
        data.CopyTo(destination[HeaderSize..]);
        if (family == AddressFamily.InterNetwork)
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], InternetChecksum(destination[..length]));
        return length;
    }

    /// <summary>
    /// Judges one datagram from a raw ICMP socket (IPv4: with its IP header; IPv6: ICMPv6 only): our echo reply, an
    /// error about our request (unreachable, time exceeded, with the code and reporting router), a reply with our id
    /// and sequence but wrong data or checksum, or something unrelated to ignore.
    /// </summary>
    public static Verdict Inspect(AddressFamily family, ReadOnlySpan<byte> datagram, IPAddress from, IPAddress target,
        ushort identifier, ushort sequence, ReadOnlySpan<byte> data, out byte code)
    {
        code = 0;
        ReadOnlySpan<byte> icmp;
        if (family == AddressFamily.InterNetwork)
        {
            if (!TrySkipIPv4Header(datagram, ProtocolIcmp, out icmp, out _)) return Verdict.Unrelated;
        }
        else
        {
            icmp = datagram;
        }
        if (icmp.Length < HeaderSize) return Verdict.Unrelated;
        var type = icmp[0];
        code = icmp[1];
        var v6 = family == AddressFamily.InterNetworkV6;

        if (type == (v6 ? EchoReplyV6 : EchoReplyV4))
        {
            if (BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) != identifier || BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]) != sequence)
                return Verdict.Unrelated;
            if (!from.Equals(target)) return Verdict.Unrelated;
            if (!v6 && InternetChecksum(icmp) != 0) return Verdict.BadReply;
            return icmp[HeaderSize..].SequenceEqual(data) ? Verdict.Reply : Verdict.BadReply;
        }

        var isUnreachable = type == (v6 ? DestinationUnreachableV6 : DestinationUnreachableV4);
        var isTimeExceeded = type == (v6 ? TimeExceededV6 : TimeExceededV4);
        if (!isUnreachable && !isTimeExceeded) return Verdict.Unrelated;

        // The error quotes our packet: its IP header and at least the first 8 octets of our echo request.
        var quoted = icmp[HeaderSize..];
        ReadOnlySpan<byte> original;
        if (v6)
        {
            if (quoted.Length < IPv6Header + HeaderSize || quoted[6] != ProtocolIcmpV6) return Verdict.Unrelated;
            if (!new IPAddress(quoted.Slice(24, 16)).Equals(target)) return Verdict.Unrelated;
            original = quoted[IPv6Header..];
        }
        else
        {
            if (!TrySkipIPv4Header(quoted, ProtocolIcmp, out original, out var destination, requireFullPacket: false)) return Verdict.Unrelated;
            if (!destination.Equals(target)) return Verdict.Unrelated;
        }
        if (original.Length < HeaderSize || original[0] != (v6 ? EchoRequestV6 : EchoRequestV4)) return Verdict.Unrelated;
        if (BinaryPrimitives.ReadUInt16BigEndian(original[4..]) != identifier || BinaryPrimitives.ReadUInt16BigEndian(original[6..]) != sequence)
            return Verdict.Unrelated;
        return isUnreachable ? Verdict.Unreachable : Verdict.TimeExceeded;
    }

    /// <summary>The RFC 1071 one's-complement checksum; 0 over a packet that carries a correct checksum.</summary>
    public static ushort InternetChecksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length) sum += (uint)(data[i] << 8);
        while (sum >> 16 != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }

    public static string DescribeUnreachable(AddressFamily family, byte code) => family == AddressFamily.InterNetworkV6
        ? code switch
        {
            0 => "no route to destination", 1 => "administratively prohibited", 3 => "address unreachable", 4 => "port unreachable",
            _ => $"code {code}",
        }
        : code switch
        {
            0 => "network unreachable", 1 => "host unreachable", 2 => "protocol unreachable", 3 => "port unreachable",
            4 => "fragmentation needed", 9 or 10 or 13 => "administratively prohibited", _ => $"code {code}",
        };

    private static bool TrySkipIPv4Header(ReadOnlySpan<byte> packet, byte protocol, out ReadOnlySpan<byte> payload, out IPAddress destination,
        bool requireFullPacket = true)
    {
        payload = default;
        destination = IPAddress.None;
        if (packet.Length < IPv4MinHeader || packet[0] >> 4 != 4) return false;
        var headerLength = (packet[0] & 0xf) * 4;
        if (headerLength < IPv4MinHeader || headerLength > packet.Length || packet[9] != protocol) return false;
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (totalLength < headerLength) return false;
        if (requireFullPacket && totalLength > packet.Length) return false;
        destination = new IPAddress(packet.Slice(16, 4));
        payload = packet[headerLength..Math.Min(totalLength, packet.Length)];
        return true;
    }
}
