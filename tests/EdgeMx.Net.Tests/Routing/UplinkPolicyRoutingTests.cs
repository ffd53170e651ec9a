using System.Net;
using System.Net.Sockets;
using EdgeMx.Net.Links;
using EdgeMx.Net.Routing;
using EdgeMx.Net.Tests.Lab;

namespace EdgeMx.Net.Tests.Routing;

public class UplinkPolicyRoutingTests
{
    // The lab's appliance namespace in miniature: wan1 198.51.100.2/24 (gw .1), wan2 10.0.2.2/24 (gw .1).
    private static async Task<(TestNamespace, UplinkRouting wan1, UplinkRouting wan2)> Setup()
    {
        var test = new TestNamespace("app");
        foreach (var (wan, isp, address) in new[] { ("wan1", "isp1", "198.51.100.2/24"), ("wan2", "isp2", "10.0.2.2/24") })
        {
            test.Ip($"link add {wan} type veth peer name {isp}");
            test.Ip($"link set {wan} up");
            test.Ip($"link set {isp} up");
            test.Ip($"addr add {address} dev {wan}");
        }
        using var links = LinkTable.Open(test.Namespace);
        var wan1 = new UplinkRouting
        {
            InterfaceIndex = await links.GetIndexAsync("wan1"), Address = IPAddress.Parse("198.51.100.2"), PrefixLength = 24,
            Gateway = IPAddress.Parse("198.51.100.1"), Table = 101, RulePriority = 1001,
        };
        var wan2 = new UplinkRouting
        {
            InterfaceIndex = await links.GetIndexAsync("wan2"), Address = IPAddress.Parse("10.0.2.2"), PrefixLength = 24,
            Gateway = IPAddress.Parse("10.0.2.1"), Table = 102, RulePriority = 1002,
        };
        return (test, wan1, wan2);
    }

    [Fact]
    public async Task Traffic_sourced_from_an_uplink_address_leaves_through_that_uplink()
    {
        var (test, wan1, wan2) = await Setup();
        using var _ = test;
        using var routes = RouteTable.Open(test.Namespace);
        using var rules = RuleTable.Open(test.Namespace);
        var policy = new UplinkPolicyRouting(routes, rules);
        await policy.InstallAsync(wan1);
        await policy.InstallAsync(wan2);
        await policy.SetDefaultRouteAsync(wan1, metric: 10);

        Assert.Contains("via 198.51.100.1 dev wan1", test.Ip("route get 203.0.113.100"));
        Assert.Contains("via 10.0.2.1 dev wan2", test.Ip("route get 203.0.113.100 from 10.0.2.2"));
        Assert.Contains("via 198.51.100.1 dev wan1", test.Ip("route get 203.0.113.100 from 198.51.100.2"));
        Assert.Contains("10.0.2.0/24 dev wan2 proto 77 scope link src 10.0.2.2", test.Ip("route show table 102"));
        Assert.Contains("default via 10.0.2.1 dev wan2 proto 77 src 10.0.2.2", test.Ip("route show table 102"));

        // Failover: the default route follows wan2, in one replace.
        await policy.SetDefaultRouteAsync(wan2, metric: 10);
        Assert.Contains("via 10.0.2.1 dev wan2", test.Ip("route get 203.0.113.100"));
        Assert.Single(test.Ip("route show default").Trim().Split('\n'));
        Assert.Contains("via 198.51.100.1 dev wan1", test.Ip("route get 203.0.113.100 from 198.51.100.2"));

        Assert.True(await policy.RemoveDefaultRouteAsync(AddressFamily.InterNetwork, metric: 10));
        Assert.Equal("", test.Ip("route show default").Trim());
    }

    [Fact]
    public async Task Install_twice_or_after_a_restart_leaves_exactly_one_set()
    {
        var (test, wan1, _) = await Setup();
        using var __ = test;
        using (var routes = RouteTable.Open(test.Namespace))
        using (var rules = RuleTable.Open(test.Namespace))
        {
            var policy = new UplinkPolicyRouting(routes, rules);
            await policy.InstallAsync(wan1);
            await policy.InstallAsync(wan1);
        }
        var before = (test.Ip("route show table 101"), test.Ip("rule show"));
        // "Restart": fresh sockets and objects, same desired state.
        using (var routes = RouteTable.Open(test.Namespace))
        using (var rules = RuleTable.Open(test.Namespace))
            await new UplinkPolicyRouting(routes, rules).InstallAsync(wan1);
        Assert.Equal(before, (test.Ip("route show table 101"), test.Ip("rule show")));
        Assert.Equal(2, before.Item1.Trim().Split('\n').Length);
        Assert.Single(before.Item2.Split('\n'), l => l.Contains("lookup 101"));
    }

    [Fact]
    public async Task An_address_change_replaces_the_old_route_and_rule()
    {
        var (test, wan1, _) = await Setup();
        using var __ = test;
        using var routes = RouteTable.Open(test.Namespace);
        using var rules = RuleTable.Open(test.Namespace);
        var policy = new UplinkPolicyRouting(routes, rules);
        await policy.InstallAsync(wan1);
        test.Ip("addr add 198.51.200.7/24 dev wan1");
        await policy.InstallAsync(wan1 with { Address = IPAddress.Parse("198.51.200.7"), Gateway = IPAddress.Parse("198.51.200.1") });

        var table = test.Ip("route show table 101");
        Assert.DoesNotContain("198.51.100", table);
        Assert.Contains("default via 198.51.200.1 dev wan1 proto 77 src 198.51.200.7", table);
        var ruleLines = test.Ip("rule show").Split('\n').Where(l => l.Contains("lookup 101")).ToArray();
        Assert.Equal("1001:\tfrom 198.51.200.7 lookup 101 proto 77", Assert.Single(ruleLines).Trim());
    }

    [Fact]
    public async Task Remove_takes_away_only_what_edgemx_installed()
    {
        var (test, wan1, wan2) = await Setup();
        using var __ = test;
        test.Ip("route add 192.0.2.0/24 via 198.51.100.1 table 101");
        test.Ip("rule add from 192.0.2.1 lookup 101 priority 500");
        using var routes = RouteTable.Open(test.Namespace);
        using var rules = RuleTable.Open(test.Namespace);
        var policy = new UplinkPolicyRouting(routes, rules);
        await policy.InstallAsync(wan1);
        await policy.InstallAsync(wan2);
        Assert.Equal(3, await policy.RemoveAsync(101));
        Assert.Equal("192.0.2.0/24 via 198.51.100.1 dev wan1", test.Ip("route show table 101").Trim());
        Assert.Contains("500:\tfrom 192.0.2.1 lookup 101", test.Ip("rule show"));
        Assert.Contains("lookup 102", test.Ip("rule show"));
    }

    [Fact]
    public async Task A_foreign_default_route_with_the_same_metric_is_not_overwritten()
    {
        var (test, wan1, _) = await Setup();
        using var __ = test;
        test.Ip("route add default via 198.51.100.1 metric 10 proto dhcp");
        using var routes = RouteTable.Open(test.Namespace);
        using var rules = RuleTable.Open(test.Namespace);
        var policy = new UplinkPolicyRouting(routes, rules);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => policy.SetDefaultRouteAsync(wan1, metric: 10));
        Assert.Contains("protocol 16", e.Message);
        await policy.SetDefaultRouteAsync(wan1, metric: 5);
        Assert.Equal(2, test.Ip("route show default").Trim().Split('\n').Length);
    }
}
