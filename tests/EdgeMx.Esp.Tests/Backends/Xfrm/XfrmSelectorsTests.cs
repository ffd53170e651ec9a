using System.Net;
using EdgeMx.Esp.Backends.Xfrm;
using EdgeMx.Esp.Policy;

namespace EdgeMx.Esp.Tests.Backends.Xfrm;

public class XfrmSelectorsTests
{
    [Fact]
    public void Port_ranges_split_into_aligned_port_mask_blocks()
    {
        Assert.Equal([(0, 0)], XfrmSelectors.PortBlocks(0, 65535));
        Assert.Equal([(443, 0xffff)], XfrmSelectors.PortBlocks(443, 443));
        Assert.Equal([((ushort)1024, (ushort)0xfc00), ((ushort)2048, (ushort)0xf800), ((ushort)4096, (ushort)0xf000), ((ushort)8192, (ushort)0xe000),
            ((ushort)16384, (ushort)0xc000), ((ushort)32768, (ushort)0x8000)], XfrmSelectors.PortBlocks(1024, 65535));
        Assert.Equal([((ushort)5, (ushort)0xffff), ((ushort)6, (ushort)0xfffe), ((ushort)8, (ushort)0xffff)], XfrmSelectors.PortBlocks(5, 8));
    }

    [Fact]
    public void An_address_range_becomes_its_prefixes_in_out_in_and_fwd()
    {
        var local = new TrafficSelector(IPAddress.Parse("192.168.50.0"), IPAddress.Parse("192.168.51.255"));
        var remote = TrafficSelector.FromPrefix("10.1.0.0/24");
        var policies = XfrmSelectors.Policies([local], [remote], IPAddress.Parse("198.51.100.2"), IPAddress.Parse("203.0.113.11"), 3);
        Assert.Equal(3, policies.Count); // 192.168.50.0/23 is one prefix
        var outbound = Assert.Single(policies, p => p.Direction == XfrmUapi.PolicyOut);
        Assert.Equal("192.168.50.0/23", outbound.Source.ToString());
        Assert.Equal(IPAddress.Parse("203.0.113.11"), outbound.TunnelDestination);
        var forward = Assert.Single(policies, p => p.Direction == XfrmUapi.PolicyForward);
        Assert.Equal("10.1.0.0/24", forward.Source.ToString());
        Assert.Equal(IPAddress.Parse("198.51.100.2"), forward.TunnelDestination);

        var odd = new TrafficSelector(IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.6"));
        Assert.Equal(3 * 4, XfrmSelectors.Policies([odd], [remote], IPAddress.Any, IPAddress.Any, 1).Count); // .1/32 .2/31 .4/31 .6/32
    }

    [Fact]
    public void Disjoint_protocols_and_families_give_no_policy()
    {
        var tcp = new TrafficSelector(IPAddress.Parse("10.0.0.0"), IPAddress.Parse("10.0.0.255"), 6);
        var udp = new TrafficSelector(IPAddress.Parse("10.1.0.0"), IPAddress.Parse("10.1.0.255"), 17);
        var v6 = TrafficSelector.FromPrefix("2001:db8::/64");
        Assert.Empty(XfrmSelectors.Policies([tcp], [udp], IPAddress.Any, IPAddress.Any, 1));
        Assert.Empty(XfrmSelectors.Policies([tcp], [v6], IPAddress.Any, IPAddress.Any, 1));
    }
}
