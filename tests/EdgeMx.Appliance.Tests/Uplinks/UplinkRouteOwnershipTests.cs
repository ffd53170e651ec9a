using System.Net;
using EdgeMx.Appliance.Platform;
using EdgeMx.Net.Routing;

namespace EdgeMx.Appliance.Tests.Uplinks;

/// <summary>
/// Which of EdgeMx's routes the uplink router reconciles. The lab found the bug: a configuration reload re-applied the
/// routing plan, which deleted the ESP data plane's tunnel routes (also protocol 77) as leftovers; a tunnel that the
/// reload did not touch stayed up without a route, and its traffic stopped.
/// </summary>
public class UplinkRouteOwnershipTests
{
    private static Route InMain(string prefix, uint? metric, int? device = 7) => new()
    {
        Destination = IPNetwork.Parse(prefix),
        Metric = metric,
        OutputInterface = device,
    };

    [Fact]
    public void A_tunnel_route_into_the_data_plane_is_not_the_uplink_routers()
    {
        Assert.False(NetlinkUplinkRouter.IsUplinkRoute(InMain("10.2.0.0/24", 50)));
        // A full tunnel (remote selector 0.0.0.0/0) routes the default into the TUN device, at the data plane's metric.
        Assert.False(NetlinkUplinkRouter.IsUplinkRoute(InMain("0.0.0.0/0", 50)));
    }

    [Fact]
    public void The_main_default_route_and_everything_in_the_uplink_tables_are()
    {
        Assert.True(NetlinkUplinkRouter.IsUplinkRoute(InMain("0.0.0.0/0", NetlinkUplinkRouter.DefaultRouteMetric)));
        Assert.True(NetlinkUplinkRouter.IsUplinkRoute(InMain("0.0.0.0/0", null)));
        Assert.True(NetlinkUplinkRouter.IsUplinkRoute(InMain("198.51.100.0/24", null) with { Table = 101 }));
        Assert.True(NetlinkUplinkRouter.IsUplinkRoute(InMain("0.0.0.0/0", 5) with { Table = 102 }));
    }
}
