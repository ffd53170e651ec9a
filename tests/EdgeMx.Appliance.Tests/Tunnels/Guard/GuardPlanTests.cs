using System.Net;
using EdgeMx.Appliance.Platform;
using EdgeMx.Appliance.Tunnels.Guard;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Net.Routing;

namespace EdgeMx.Appliance.Tests.Tunnels.Guard;

/// <summary>
/// The guard's reconcile plan against a listing of the kernel's routes (no I/O): exactly one guard per wanted prefix,
/// stale ones removed, and no route of another owner touched — the uplink router's and the data plane's routes are
/// protocol 77 too, and mistaking them for leftovers was the bug of 818994d/37c607d.
/// </summary>
public class GuardPlanTests
{
    private static readonly IPNetwork Hub1 = IPNetwork.Parse("10.1.0.0/24");
    private static readonly IPNetwork Hub1V6 = IPNetwork.Parse("2001:db8:1::/48");

    private static IReadOnlyList<GuardedTunnel> Tunnels(params TunnelConfig[] tunnels) => GuardedTunnel.From(tunnels);

    private static TunnelConfig Tunnel(string name, params string[] remote) => new() { Name = name, RemoteSubnets = [.. remote] };

    private static Route Guard(string prefix, uint metric = GuardRoute.Metric) => GuardRoute.For(IPNetwork.Parse(prefix)) with { Metric = metric };

    // The other protocol-77 routes in the main table.
    private static readonly Route TunnelRoute = new() { Destination = Hub1, OutputInterface = 9, Metric = 50 };
    private static readonly Route UplinkDefault = new() { Destination = IPNetwork.Parse("0.0.0.0/0"), Gateway = IPAddress.Parse("198.51.100.1"), OutputInterface = 2, Metric = 0 };
    private static readonly Route SomeoneElsesUnreachable = Guard("10.1.0.0/24") with { Protocol = RouteProtocol.Static };

    [Fact]
    public void At_first_start_every_wanted_prefix_is_installed_as_an_unreachable_route_above_the_data_planes_metric()
    {
        var plan = GuardPlan.Between(Tunnels(Tunnel("hub1", "10.1.0.0/24", "2001:db8:1::/48")), [UplinkDefault, TunnelRoute]);
        Assert.Empty(plan.Remove);
        Assert.Equal(2, plan.Install.Count);
        Assert.All(plan.Install, r =>
        {
            Assert.Equal(RouteType.Unreachable, r.Type);
            Assert.Equal(RouteTables.Main, r.Table);
            Assert.Equal(RouteProtocol.EdgeMx, r.Protocol);
            Assert.True(r.EffectiveMetric > new EdgeMx.Esp.Backends.UserSpace.UserSpaceDataPlaneOptions().RouteMetric);
        });
        Assert.Equal([Hub1, Hub1V6], plan.Install.Select(r => r.Destination).OrderBy(p => p.BaseAddress.AddressFamily));
    }

    [Fact]
    public void After_a_restart_the_guards_still_there_are_kept_exactly_once()
    {
        var kernel = new[] { Guard("10.1.0.0/24"), Guard("10.1.0.0/24"), TunnelRoute, UplinkDefault };
        var plan = GuardPlan.Between(Tunnels(Tunnel("hub1", "10.1.0.0/24")), kernel);
        Assert.Empty(plan.Install);
        Assert.Equal([Guard("10.1.0.0/24")], plan.Remove); // the duplicate only
    }

    [Fact]
    public void Guards_of_removed_or_no_longer_fail_closed_tunnels_and_of_another_metric_are_removed()
    {
        var kernel = new[] { Guard("10.1.0.0/24"), Guard("10.2.0.0/24"), Guard("10.3.0.0/24", metric: 4242) };
        var tunnels = Tunnels(Tunnel("hub1", "10.1.0.0/24") with { FailClosed = false }, Tunnel("hub3", "10.3.0.0/24"));
        var plan = GuardPlan.Between(tunnels, kernel);
        Assert.Equal([Guard("10.1.0.0/24"), Guard("10.2.0.0/24"), Guard("10.3.0.0/24", metric: 4242)], plan.Remove);
        Assert.Equal([Guard("10.3.0.0/24")], plan.Install);
    }

    [Fact]
    public void Two_tunnels_naming_one_subnet_share_one_guard()
    {
        var plan = GuardPlan.Between(Tunnels(Tunnel("hub1", "10.9.0.0/16"), Tunnel("hub2", "10.9.0.0/16")), []);
        Assert.Equal([Guard("10.9.0.0/16")], plan.Install);
        // And a prefix stays guarded while one fail-closed tunnel still names it.
        var kernel = plan.Install;
        Assert.True(GuardPlan.Between(Tunnels(Tunnel("hub1", "10.9.0.0/16") with { FailClosed = false }, Tunnel("hub2", "10.9.0.0/16")), kernel).IsEmpty);
    }

    [Fact]
    public void Routes_of_other_owners_are_never_in_a_plan()
    {
        var kernel = new[] { TunnelRoute, UplinkDefault, SomeoneElsesUnreachable, Guard("10.1.0.0/24") with { Table = 101 } };
        Assert.Empty(GuardPlan.Between(Tunnels(), kernel).Remove);
        Assert.Empty(GuardPlan.Clear(kernel).Remove);
    }

    [Fact]
    public void A_clean_stop_removes_every_guard_and_nothing_else()
    {
        var kernel = new[] { TunnelRoute, UplinkDefault, Guard("10.1.0.0/24"), Guard("2001:db8:1::/48"), Guard("10.3.0.0/24", metric: 4242) };
        Assert.Equal([Guard("10.1.0.0/24"), Guard("2001:db8:1::/48"), Guard("10.3.0.0/24", metric: 4242)], GuardPlan.Clear(kernel).Remove);
    }

    [Fact]
    public void The_owners_do_not_claim_each_others_routes()
    {
        foreach (var guard in new[] { Guard("10.1.0.0/24"), Guard("2001:db8:1::/48") })
            Assert.False(NetlinkUplinkRouter.IsUplinkRoute(guard));
        Assert.False(GuardRoute.IsGuard(TunnelRoute));
        Assert.False(GuardRoute.IsGuard(UplinkDefault));
        Assert.False(GuardRoute.IsGuard(SomeoneElsesUnreachable));
    }
}
