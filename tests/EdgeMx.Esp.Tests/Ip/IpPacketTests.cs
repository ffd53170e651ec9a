using System.Net;
using EdgeMx.Esp.Ip;
using EdgeMx.Testing;

namespace EdgeMx.Esp.Tests.Ip;

public class IpPacketTests
{
    [Fact]
    public void Reads_an_ipv4_udp_packet()
    {
        var packet = TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.10", 12, 1234, 53, dontFragment: true);
        Assert.True(IpPacket.TryParse(packet, out var info));
        Assert.Equal(4, info.Version);
        Assert.Equal(40, info.TotalLength);
        Assert.Equal(17, info.Protocol);
        Assert.Equal(IpPacket.ToNumber(IPAddress.Parse("192.168.50.10")), info.Source);
        Assert.Equal(IpPacket.ToNumber(IPAddress.Parse("10.1.0.10")), info.Destination);
        Assert.Equal((1234, 53), (info.SourcePort, info.DestinationPort));
        Assert.True(info.DontFragment);
        Assert.True(info.HasPorts);
        Assert.Equal(20, info.TransportOffset);
    }

    [Fact]
    public void Reads_an_ipv6_packet_through_its_extension_headers()
    {
        // fixed header, hop-by-hop options (8 octets), then TCP 443 -> 50000
        var packet = Hex.Parse(
            "60000000 001c 00 40" + "fd000000000000000000000000000001" + "fd000000000000000000000000000002" +
            "06 00 0000 00000000" + "01bb c350 00000000 00000000 5002 ffff 0000 0000");
        Assert.True(IpPacket.TryParse(packet, out var info));
        Assert.Equal(6, info.Version);
        Assert.Equal(6, info.Protocol);
        Assert.Equal(48, info.TransportOffset);
        Assert.Equal((443, 50000), (info.SourcePort, info.DestinationPort));
    }

    [Fact]
    public void A_non_first_fragment_has_no_ports()
    {
        var packet = TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.10", 12);
        packet[6] = 0x00;
        packet[7] = 0x10; // offset 16 * 8
        Assert.True(IpPacket.TryParse(packet, out var info));
        Assert.True(info.IsFragment);
        Assert.False(info.HasPorts);
    }

    [Fact]
    public void Malformed_packets_are_refused_never_thrown()
    {
        var good = TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.10", 12);
        for (var length = 0; length < good.Length; length++) Assert.False(IpPacket.TryParse(good.AsSpan(0, length), out _));
        var badHeaderLength = (byte[])good.Clone();
        badHeaderLength[0] = 0x44;
        Assert.False(IpPacket.TryParse(badHeaderLength, out _));
        var random = new Random(791);
        for (var i = 0; i < 2000; i++)
        {
            var garbage = new byte[random.Next(0, 120)];
            random.NextBytes(garbage);
            IpPacket.TryParse(garbage, out _);
        }
        var v6 = TestPackets.Ipv6Udp("fd00::1", "fd00::2", 4);
        for (var length = 0; length < v6.Length; length++) Assert.False(IpPacket.TryParse(v6.AsSpan(0, length), out _));
    }
}
