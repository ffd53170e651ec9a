using System.Buffers.Binary;

namespace EdgeMx.Esp.Ip;

/// <summary>
/// TCP MSS clamping on SYN segments (what Cisco's `ip tcp adjust-mss 1360` in seed 001's setups does): an MSS option
/// larger than the limit is lowered to it, and the checksum updated incrementally (RFC 1624), so TCP through the
/// tunnel never sends segments that would need fragmenting. Applied in both directions.
/// </summary>
public static class TcpMssClamp
{
    private const byte SynFlag = 0x02;
    private const byte OptionEnd = 0;
    private const byte OptionNop = 1;
    private const byte OptionMss = 2;

    /// <summary>The MSS that fits a tunnel MTU: MTU minus IP and TCP headers (20 + 20, or 40 + 20 for IPv6).</summary>
    public static int MssFor(int tunnelMtu, bool ipv6) => tunnelMtu - (ipv6 ? 60 : 40);

    /// <summary>Lowers the MSS option of a SYN to <paramref name="maximumSegmentSize"/>; true when it changed the packet.</summary>
    public static bool Apply(Span<byte> packet, in IpPacketInfo info, int maximumSegmentSize)
    {
        if (info.Protocol != IpPacket.ProtocolTcp || !info.HasPorts || maximumSegmentSize is <= 0 or > ushort.MaxValue) return false;
        var tcp = packet[info.TransportOffset..info.TotalLength];
        if (tcp.Length < 20 || (tcp[13] & SynFlag) == 0) return false;
        var headerLength = (tcp[12] >> 4) * 4;
        if (headerLength < 20 || headerLength > tcp.Length) return false;
        var options = tcp[20..headerLength];
        for (var i = 0; i < options.Length;)
        {
            var kind = options[i];
            if (kind == OptionEnd) return false;
            if (kind == OptionNop)
            {
                i++;
                continue;
            }
            if (i + 1 >= options.Length) return false;
            int length = options[i + 1];
            if (length < 2 || i + length > options.Length) return false;
            if (kind == OptionMss && length == 4)
            {
                var field = options.Slice(i + 2, 2);
                var current = BinaryPrimitives.ReadUInt16BigEndian(field);
                if (current <= maximumSegmentSize) return false;
                var clamped = (ushort)maximumSegmentSize;
                BinaryPrimitives.WriteUInt16BigEndian(field, clamped);
                var checksum = BinaryPrimitives.ReadUInt16BigEndian(tcp[16..]);
                BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], InternetChecksum.Update(checksum, current, clamped));
                return true;
            }
            i += length;
        }
        return false;
    }
}
