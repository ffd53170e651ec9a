using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EdgeMx.Net.Links;
using EdgeMx.Net.Netlink;
using EdgeMx.Net.Routing;
using EdgeMx.Net.Tests.Lab;

namespace EdgeMx.Net.Tests.Routing;

public class RouteTableTests
{
    private static async Task<(TestNamespace ns, int wan1)> Setup()
    {
        var test = new TestNamespace();
        test.Ip("link add wan1 type veth peer name isp1");
        test.Ip("link set wan1 up");
        test.Ip("link set isp1 up");
        test.Ip("addr add 198.51.100.2/24 dev wan1");
        test.Ip("-6 addr add 2001:db8:1::2/64 dev wan1 nodad");
        using var links = LinkTable.Open(test.Namespace);
        return (test, await links.GetIndexAsync("wan1"));
    }

    private static JsonElement[] IpRoutes(TestNamespace test, string args) =>
        JsonDocument.Parse(test.Ip($"-j {args}")).RootElement.EnumerateArray().ToArray();

    [Fact]
    public async Task Add_list_delete_ipv4_in_a_numbered_table_matches_ip()
    {
        var (test, wan1) = await Setup();
        using var _ = test;
        using var routes = RouteTable.Open(test.Namespace);
        var route = new Route
        {
            Destination = IPNetwork.Parse("0.0.0.0/0"),
            Table = 1001,
            Gateway = IPAddress.Parse("198.51.100.1"),
            OutputInterface = wan1,
            PreferredSource = IPAddress.Parse("198.51.100.2"),
            Metric = 50,
        };
        await routes.AddAsync(route);

        var shown = IpRoutes(test, "route show table 1001");
        var r = Assert.Single(shown);
        Assert.Equal("default", r.GetProperty("dst").GetString());
        Assert.Equal("198.51.100.1", r.GetProperty("gateway").GetString());
        Assert.Equal("wan1", r.GetProperty("dev").GetString());
        Assert.Equal("198.51.100.2", r.GetProperty("prefsrc").GetString());
        Assert.Equal(50, r.GetProperty("metric").GetInt32());
        Assert.Equal("77", r.GetProperty("protocol").GetString());

        var listed = Assert.Single(await routes.ListAsync(AddressFamily.InterNetwork, 1001));
        Assert.Equal(route with { Scope = RouteScope.Universe }, listed);

        var exists = await Assert.ThrowsAsync<NetlinkException>(() => routes.AddAsync(route));
        Assert.True(exists.AlreadyExists);
        Assert.Contains("RTM_NEWROUTE (add 0.0.0.0/0 via 198.51.100.1", exists.Message);

        Assert.True(await routes.DeleteAsync(listed));
        Assert.False(await routes.DeleteAsync(listed));
        Assert.Empty(IpRoutes(test, "route show table 1001"));
    }

    [Fact]
    public async Task Ipv6_routes_round_trip_through_the_kernel()
    {
        var (test, wan1) = await Setup();
        using var _ = test;
        using var routes = RouteTable.Open(test.Namespace);
        var route = new Route
        {
            Destination = IPNetwork.Parse("2001:db8:99::/48"),
            Table = 1002,
            Gateway = IPAddress.Parse("2001:db8:1::1"),
            OutputInterface = wan1,
            Metric = 300,
        };
        await routes.ReplaceAsync(route);
        var listed = Assert.Single(await routes.ListOursAsync(AddressFamily.InterNetworkV6, 1002));
        Assert.Equal(route.Destination, listed.Destination);
        Assert.Equal(route.Gateway, listed.Gateway);
        Assert.Equal(300u, listed.Metric);
        Assert.Contains("2001:db8:99::/48 via 2001:db8:1::1 dev wan1 proto 77 metric 300", test.Ip("-6 route show table 1002"));
        Assert.Equal(1, await routes.RemoveOursAsync(1002));
        Assert.Empty(IpRoutes(test, "-6 route show table 1002"));
    }

    [Fact]
    public async Task Installing_twice_leaves_one_route_and_replace_changes_it_in_place()
    {
        var (test, wan1) = await Setup();
        using var _ = test;
        test.Ip("addr add 10.0.2.2/24 dev isp1");
        using var routes = RouteTable.Open(test.Namespace);
        var route = new Route { Destination = IPNetwork.Parse("0.0.0.0/0"), Table = 1003, Gateway = IPAddress.Parse("198.51.100.1"), OutputInterface = wan1 };
        await routes.ReplaceAsync(route);
        await routes.ReplaceAsync(route);
        Assert.Single(IpRoutes(test, "route show table 1003"));

        await routes.ReplaceAsync(route with { Gateway = IPAddress.Parse("10.0.2.1"), OutputInterface = null });
        var r = Assert.Single(IpRoutes(test, "route show table 1003"));
        Assert.Equal("10.0.2.1", r.GetProperty("gateway").GetString());
        Assert.Equal("isp1", r.GetProperty("dev").GetString());
    }

    [Fact]
    public async Task Only_our_routes_are_removed()
    {
        var (test, wan1) = await Setup();
        using var _ = test;
        test.Ip("route add 203.0.113.0/24 via 198.51.100.1 table 1004 proto static");
        test.Ip("route add 192.0.2.0/24 via 198.51.100.1 table main");
        using var routes = RouteTable.Open(test.Namespace);
        await routes.AddAsync(new Route { Destination = IPNetwork.Parse("203.0.113.0/24"), Table = 1004, Gateway = IPAddress.Parse("198.51.100.1"), Metric = 10 });
        await routes.AddAsync(new Route { Destination = IPNetwork.Parse("0.0.0.0/0"), Table = 1004, Gateway = IPAddress.Parse("198.51.100.1") });
        await routes.AddAsync(new Route { Destination = IPNetwork.Parse("198.18.0.0/15"), Gateway = IPAddress.Parse("198.51.100.1"), OutputInterface = wan1 });
        Assert.Equal(3, (await routes.ListOursAsync()).Count);

        // A delete that names the static route's key but our protocol must not touch the static one.
        Assert.False(await routes.DeleteAsync(new Route { Destination = IPNetwork.Parse("192.0.2.0/24"), Table = RouteTables.Main }));

        Assert.Equal(3, await routes.RemoveOursAsync());
        Assert.Empty(await routes.ListOursAsync());
        Assert.Contains("203.0.113.0/24 via 198.51.100.1 dev wan1 proto static", test.Ip("route show table 1004"));
        Assert.Contains("192.0.2.0/24 via 198.51.100.1 dev wan1", test.Ip("route show table main"));
        Assert.Contains("198.51.100.0/24 dev wan1 proto kernel", test.Ip("route show table main"));
    }

    [Fact]
    public async Task Kernel_routes_are_listed_with_their_protocol()
    {
        var (test, _) = await Setup();
        using var __ = test;
        using var routes = RouteTable.Open(test.Namespace);
        var main = await routes.ListAsync(AddressFamily.InterNetwork, RouteTables.Main);
        var connected = Assert.Single(main, r => r.Destination.ToString() == "198.51.100.0/24");
        Assert.Equal(RouteProtocol.Kernel, connected.Protocol);
        Assert.Equal(RouteScope.Link, connected.Scope);
        Assert.Equal(IPAddress.Parse("198.51.100.2"), connected.PreferredSource);
        var local = await routes.ListAsync(AddressFamily.InterNetwork, RouteTables.Local);
        Assert.Contains(local, r => r.Type == RouteType.Local && r.Destination.ToString() == "198.51.100.2/32");
    }

    [Fact]
    public async Task Bad_routes_are_refused_before_reaching_the_kernel()
    {
        var (test, _) = await Setup();
        using var __ = test;
        using var routes = RouteTable.Open(test.Namespace);
        await Assert.ThrowsAsync<ArgumentException>(() => routes.AddAsync(new Route { Destination = IPNetwork.Parse("10.0.0.0/8"), Gateway = IPAddress.Parse("2001:db8::1") }));
        await Assert.ThrowsAsync<ArgumentException>(() => routes.AddAsync(new Route { Destination = IPNetwork.Parse("10.0.0.0/8") }));
        var e = await Assert.ThrowsAsync<NetlinkException>(() => routes.AddAsync(new Route { Destination = IPNetwork.Parse("10.0.0.0/8"), Gateway = IPAddress.Parse("172.31.0.1") }));
        Assert.Equal(NetlinkException.ENETUNREACH, e.ErrorNumber);
    }
}
