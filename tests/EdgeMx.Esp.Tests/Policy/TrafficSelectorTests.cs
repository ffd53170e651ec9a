using System.Net;
using EdgeMx.Esp.Ip;
using EdgeMx.Esp.Policy;

namespace EdgeMx.Esp.Tests.Policy;

public class TrafficSelectorTests
{
    [Theory]
    [InlineData("10.1.0.0/24", "10.1.0.0", "10.1.0.255")]
    [InlineData("192.168.50.7/32", "192.168.50.7", "192.168.50.7")]
    [InlineData("0.0.0.0/0", "0.0.0.0", "255.255.255.255")]
    [InlineData("fd00:1::/64", "fd00:1::", "fd00:1::ffff:ffff:ffff:ffff")]
    [InlineData("::/0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    public void A_prefix_is_the_range_of_its_addresses(string prefix, string start, string end)
    {
        var selector = TrafficSelector.FromPrefix(prefix);
        Assert.Equal(IPAddress.Parse(start), selector.Start);
        Assert.Equal(IPAddress.Parse(end), selector.End);
        Assert.Equal(prefix, selector.ToString());
    }

    [Fact]
    public void Matches_address_protocol_and_ports()
    {
        var web = new TrafficSelector(IPAddress.Parse("10.1.0.10"), IPAddress.Parse("10.1.0.20"), 17, 6000, 6000);
        Assert.True(IpPacket.TryParse(TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.15", 4, 5000, 6000), out var packet));
        Assert.True(web.Matches(packet, sourceSide: false));
        Assert.False(web.Matches(packet, sourceSide: true));
        Assert.True(IpPacket.TryParse(TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.15", 4, 5000, 6001), out var otherPort));
        Assert.False(web.Matches(otherPort, sourceSide: false));
        Assert.Equal("10.1.0.10..10.1.0.20[17/6000]", web.ToString());
    }

    [Fact]
    public void Ranges_must_not_be_empty_or_mixed()
    {
        Assert.Throws<ArgumentException>(() => new TrafficSelector(IPAddress.Parse("10.0.0.2"), IPAddress.Parse("10.0.0.1")));
        Assert.Throws<ArgumentException>(() => new TrafficSelector(IPAddress.Parse("10.0.0.1"), IPAddress.Parse("::1")));
    }
}
