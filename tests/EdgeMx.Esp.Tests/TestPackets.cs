using System.Buffers.Binary;
using System.Net;

namespace EdgeMx.Esp.Tests;

/// <summary>Well-formed inner packets for tests (checksums are not needed by the ESP layer and left zero unless said).</summary>
internal static class TestPackets
{
    public static byte[] Ipv4Udp(string source, string destination, int payloadLength, ushort sourcePort = 5000,
        ushort destinationPort = 6000, bool dontFragment = false)
    {
        var packet = new byte[20 + 8 + payloadLength];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        if (dontFragment) packet[6] = 0x40;
        packet[8] = 64;
        packet[9] = 17;
        IPAddress.Parse(source).TryWriteBytes(packet.AsSpan(12), out _);
        IPAddress.Parse(destination).TryWriteBytes(packet.AsSpan(16), out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(8 + payloadLength));
        for (var i = 0; i < payloadLength; i++) packet[28 + i] = (byte)(i * 7);
        WriteIpv4Checksum(packet);
        return packet;
    }

    public static byte[] Ipv6Udp(string source, string destination, int payloadLength, ushort sourcePort = 5000,
        ushort destinationPort = 6000)
    {
        var packet = new byte[40 + 8 + payloadLength];
        packet[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(8 + payloadLength));
        packet[6] = 17;
        packet[7] = 64;
        IPAddress.Parse(source).TryWriteBytes(packet.AsSpan(8), out _);
        IPAddress.Parse(destination).TryWriteBytes(packet.AsSpan(24), out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(40), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(42), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(44), (ushort)(8 + payloadLength));
        for (var i = 0; i < payloadLength; i++) packet[48 + i] = (byte)(i * 3);
        return packet;
    }

    /// <summary>A TCP SYN with an MSS option (and a NOP, window scale) and a correct checksum.</summary>
    public static byte[] Ipv4TcpSyn(string source, string destination, ushort mss, bool ack = false)
    {
        var packet = new byte[20 + 28];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[6] = 0x40;
        packet[8] = 64;
        packet[9] = 6;
        IPAddress.Parse(source).TryWriteBytes(packet.AsSpan(12), out _);
        IPAddress.Parse(destination).TryWriteBytes(packet.AsSpan(16), out _);
        var tcp = packet.AsSpan(20);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], 80);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], 0x01020304);
        tcp[12] = 7 << 4; // 28 octets: 20 + options
        tcp[13] = (byte)(ack ? 0x12 : 0x02);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 64240);
        // options: MSS, NOP, window scale 7, NOP, NOP
        tcp[20] = 2; tcp[21] = 4; BinaryPrimitives.WriteUInt16BigEndian(tcp[22..], mss);
        tcp[24] = 1; tcp[25] = 3; tcp[26] = 3; tcp[27] = 7;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], TransportChecksum(packet, 20));
        WriteIpv4Checksum(packet);
        return packet;
    }

    /// <summary>The TCP/UDP checksum over the IPv4 pseudo-header (0 when the checksum field already is right).</summary>
    public static ushort TransportChecksum(byte[] packet, int transportOffset)
    {
        uint sum = 0;
        for (var i = 12; i < 20; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(i));
        sum += packet[9];
        var length = packet.Length - transportOffset;
        sum += (uint)length;
        for (var i = transportOffset; i < packet.Length; i += 2)
            sum += i + 1 < packet.Length ? BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(i)) : (uint)(packet[i] << 8);
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    public static void WriteIpv4Checksum(Span<byte> packet)
    {
        var headerLength = (packet[0] & 0x0F) * 4;
        packet[10] = packet[11] = 0;
        uint sum = 0;
        for (var i = 0; i < headerLength; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(packet[i..]);
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet[10..], (ushort)~sum);
    }
}
