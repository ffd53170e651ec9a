using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeMx.Lab.Tests.DataPlane;

/// <summary>
/// A real ESP-in-UDP packet (RFC 3948) as it reached the appliance, and its replay. The tap is a raw IPPROTO_UDP
/// socket in $P-app: the kernel hands it a copy of every UDP datagram delivered there, IPv4 header included, and the
/// appliance still gets the original. The replay sends the captured IPv4 packet unchanged from an ISP's namespace
/// through an IPPROTO_RAW socket (the header is ours, so it keeps the hub's source address and port 4500 while
/// charon holds that port): what an attacker on the path can do.
/// <para>Between veth devices the kernel leaves the UDP checksum to "hardware" (CHECKSUM_PARTIAL): the tap sees
/// the field holding only the pseudo-header sum, and the original passes because its metadata says the checksum is
/// taken care of. The replay carries no such metadata, so the checksum is completed (RFC 768) the way a NIC would
/// have done it on a real wire before the packet is sent again; every other octet is the captured one.</para>
/// </summary>
internal sealed class CapturedEspPacket
{
    private const int UdpHeaderLength = 8;
    private const int EspPort = 4500;

    private CapturedEspPacket(byte[] ipv4Packet, int headerLength)
    {
        var espOffset = headerLength + UdpHeaderLength;
        CompleteUdpChecksum(ipv4Packet, headerLength);
        Ipv4Packet = ipv4Packet;
        Spi = BinaryPrimitives.ReadUInt32BigEndian(ipv4Packet.AsSpan(espOffset));
        Sequence = BinaryPrimitives.ReadUInt32BigEndian(ipv4Packet.AsSpan(espOffset + 4));
        EspLength = ipv4Packet.Length - espOffset;
    }

    /// <summary>The whole packet as the appliance received it (IPv4 header, UDP header, ESP), its UDP checksum completed.</summary>
    public byte[] Ipv4Packet { get; }

    public uint Spi { get; }

    public uint Sequence { get; }

    /// <summary>Octets from the SPI to the end of the ICV.</summary>
    public int EspLength { get; }

    public override string ToString() => $"ESP SPI 0x{Spi:x8} seq {Sequence}, {EspLength} octets";

    /// <summary>Starts capturing every UDP datagram delivered in <paramref name="node"/> (the appliance's namespace).</summary>
    public static Socket OpenTap(Lab lab, string node)
    {
        var tap = NamespaceSockets.Open(lab, node, SocketType.Raw, ProtocolType.Udp).WithLargeReceiveBuffer();
        tap.ReceiveTimeout = 200;
        return tap;
    }

    /// <summary>
    /// The first ESP packet on the tap from <paramref name="source"/>:4500 to port 4500 with SPI <paramref name="spi"/>
    /// and at least <paramref name="minEspLength"/> octets (IKE carries a zero non-ESP marker where ESP has its SPI,
    /// NAT keepalives are one octet); null when none arrives before <paramref name="deadline"/>.
    /// </summary>
    public static CapturedEspPacket? Take(Socket tap, IPAddress source, uint spi, int minEspLength, TimeSpan deadline)
    {
        var buffer = new byte[65536];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < deadline)
        {
            int length;
            try
            {
                length = tap.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                continue;
            }
            var packet = buffer.AsSpan(0, length);
            if (length < 20 || packet[0] >> 4 != 4) continue;
            var headerLength = (packet[0] & 0x0f) * 4;
            var espOffset = headerLength + UdpHeaderLength;
            if (length < espOffset + 8 || packet[9] != (byte)ProtocolType.Udp) continue;
            if (!packet.Slice(12, 4).SequenceEqual(source.GetAddressBytes())) continue;
            if (BinaryPrimitives.ReadUInt16BigEndian(packet[headerLength..]) != EspPort
                || BinaryPrimitives.ReadUInt16BigEndian(packet[(headerLength + 2)..]) != EspPort) continue;
            if (BinaryPrimitives.ReadUInt32BigEndian(packet[espOffset..]) != spi || length - espOffset < minEspLength) continue;
            return new CapturedEspPacket(packet.ToArray(), headerLength);
        }
        return null;
    }

    /// <summary>The UDP checksum over the pseudo-header, the UDP header and the payload (RFC 768); 0 is sent as 0xffff.</summary>
    private static void CompleteUdpChecksum(byte[] packet, int headerLength)
    {
        var udp = packet.AsSpan(headerLength);
        var udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        udp[6] = udp[7] = 0;
        ulong sum = (uint)(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(12)) + BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(14))
            + BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(16)) + BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(18))
            + (int)ProtocolType.Udp + udpLength);
        for (var i = 0; i + 1 < udpLength; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(udp[i..]);
        if ((udpLength & 1) != 0) sum += (uint)udp[udpLength - 1] << 8;
        while (sum >> 16 != 0) sum = (sum & 0xffff) + (sum >> 16);
        var checksum = (ushort)~sum;
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], checksum == 0 ? (ushort)0xffff : checksum);
    }

    /// <summary>Sends the captured packet again, byte for byte, from <paramref name="node"/> towards its destination.</summary>
    public void Replay(Lab lab, string node)
    {
        using var raw = NamespaceSockets.Open(lab, node, SocketType.Raw, ProtocolType.Raw); // IPPROTO_RAW implies IP_HDRINCL
        var destination = new IPAddress(Ipv4Packet.AsSpan(16, 4));
        raw.SendTo(Ipv4Packet, new IPEndPoint(destination, 0));
    }
}
