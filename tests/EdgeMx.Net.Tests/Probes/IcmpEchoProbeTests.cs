using System.Net;
using EdgeMx.Net.Probes;
using EdgeMx.Net.Routing;
using EdgeMx.Net.Sockets;
using EdgeMx.Net.Tests.Lab;
using Xunit.Abstractions;

namespace EdgeMx.Net.Tests.Probes;

public class IcmpEchoProbeTests(ITestOutputHelper output)
{
    private static UplinkBinding Binding(NamespacePair pair, string source = NamespacePair.ClientAddress) =>
        new(NamespacePair.ClientDevice, IPAddress.Parse(source)) { Namespace = pair.Client.Namespace };

    private static async Task<ProbeResult> Run(IConnectionProbe probe, int timeoutMs = 2000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        return await probe.ProbeAsync(cts.Token);
    }

    [Fact]
    public async Task Reachable_target_answers_ipv4_and_ipv6()
    {
        using var pair = new NamespacePair();
        var v4 = new IcmpEchoProbe(Binding(pair), IPAddress.Parse(NamespacePair.ServerAddress));
        var result = await Run(v4);
        output.WriteLine(result.ToString());
        Assert.True(result.Success, result.ToString());
        Assert.NotNull(result.Rtt);
        Assert.True((await Run(v4)).Success); // a second probe uses the next sequence number

        var v6 = new IcmpEchoProbe(Binding(pair, "fd77::1"), IPAddress.Parse("fd77::2"));
        var result6 = await Run(v6);
        output.WriteLine(result6.ToString());
        Assert.True(result6.Success, result6.ToString());
    }

    [Fact]
    public async Task Icmp_unreachable_from_a_router_fails_at_once()
    {
        using var pair = new NamespacePair();
        pair.Server.Exec("sysctl -qw net.ipv4.ip_forward=1");
        pair.Server.Ip("route add unreachable 10.88.0.0/24");
        pair.Client.Ip($"route add 10.88.0.0/24 via {NamespacePair.ServerAddress}");
        var probe = new IcmpEchoProbe(Binding(pair), IPAddress.Parse("10.88.0.5"));
        var result = await Run(probe, 5000);
        output.WriteLine(result.ToString());
        Assert.False(result.Success);
        Assert.Equal(ProbeFailure.Unreachable, result.Failure);
        Assert.Contains("host unreachable", result.Detail);
        Assert.Contains(NamespacePair.ServerAddress, result.Detail);
        Assert.True(result.Rtt < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Silently_dropped_target_times_out()
    {
        using var pair = new NamespacePair();
        pair.Server.Exec("sysctl -qw net.ipv4.ip_forward=1");
        pair.Server.Ip("route add blackhole 10.89.0.0/24");
        pair.Client.Ip($"route add 10.89.0.0/24 via {NamespacePair.ServerAddress}");
        var result = await Run(new IcmpEchoProbe(Binding(pair), IPAddress.Parse("10.89.0.5")), 500);
        output.WriteLine(result.ToString());
        Assert.Equal(ProbeFailure.Timeout, result.Failure);
    }

    [Fact]
    public async Task No_route_from_the_uplink_ends_in_host_unreachable()
    {
        using var pair = new NamespacePair();
        var result = await Run(new IcmpEchoProbe(Binding(pair), IPAddress.Parse("192.0.2.77")), 5000);
        output.WriteLine(result.ToString());
        Assert.Equal(ProbeFailure.Unreachable, result.Failure);
    }

    [Fact]
    public async Task Missing_source_address_is_a_local_error()
    {
        using var pair = new NamespacePair();
        var result = await Run(new IcmpEchoProbe(Binding(pair, "10.77.0.99"), IPAddress.Parse(NamespacePair.ServerAddress)));
        output.WriteLine(result.ToString());
        Assert.Equal(ProbeFailure.LocalError, result.Failure);
    }

    [Fact]
    public async Task Probe_leaves_through_its_uplink_even_when_the_default_route_points_elsewhere()
    {
        using var pair = new NamespacePair();
        // The target sits behind the server (a router); the client's default route goes out another port.
        pair.Server.Exec("sysctl -qw net.ipv4.ip_forward=1");
        // Answer ARP only for addresses on the asking port, as a real router does, so the client cannot cheat by
        // treating the target as on-link (Linux does that for device-bound sockets without a route).
        pair.Server.Exec("sysctl -qw net.ipv4.conf.all.arp_ignore=1");
        pair.Server.Ip("addr add 203.0.113.5/32 dev lo");
        pair.Client.Ip("link add other0 type veth peer name other1");
        pair.Client.Ip("addr add 10.66.0.1/24 dev other0");
        pair.Client.Ip("link set other0 up");
        pair.Client.Ip("link set other1 up");
        pair.Client.Ip("route add default via 10.66.0.2");

        var binding = Binding(pair);
        var probe = new IcmpEchoProbe(binding, IPAddress.Parse("203.0.113.5"));
        var before = await Run(probe, 500);
        Assert.False(before.Success, "without policy routing the uplink has no route to the target");

        using var routes = RouteTable.Open(pair.Client.Namespace);
        using var rules = RuleTable.Open(pair.Client.Namespace);
        using var links = EdgeMx.Net.Links.LinkTable.Open(pair.Client.Namespace);
        await new UplinkPolicyRouting(routes, rules).InstallAsync(new UplinkRouting
        {
            InterfaceIndex = await links.GetIndexAsync(NamespacePair.ClientDevice),
            Address = IPAddress.Parse(NamespacePair.ClientAddress), PrefixLength = 24,
            Gateway = IPAddress.Parse(NamespacePair.ServerAddress), Table = 101, RulePriority = 1001,
        });
        var after = await Run(probe);
        output.WriteLine($"before: {before}; after: {after}");
        Assert.True(after.Success, after.ToString());
    }
}
