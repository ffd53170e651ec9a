using System.Net;
using EdgeMx.Appliance.Tunnels.Guard;
using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Appliance.Tests.Tunnels.Guard;

/// <summary>What status says of a tunnel's guard, from what was read back from the kernel (no I/O).</summary>
public class GuardStatusTests
{
    private static readonly GuardedTunnel Hub1 = GuardedTunnel.From(new TunnelConfig { Name = "hub1", RemoteSubnets = ["10.1.0.0/24", "10.11.0.0/24"] });
    private static readonly Dictionary<IPNetwork, string> NoFailures = [];

    [Fact]
    public void Guarded_when_every_prefix_has_its_route_in_the_kernel()
    {
        var s = GuardStatus.Of(Hub1, Hub1.Prefixes.ToHashSet(), NoFailures);
        Assert.True(GuardStatus.IsGuarded(s));
        Assert.Equal(["10.1.0.0/24", "10.11.0.0/24"], s.Prefixes.ToArray());
        Assert.Empty(s.Unguarded);
        Assert.Null(s.Error);
        Assert.Equal("unreachable metric 1000000 proto 77", s.Route);
    }

    [Fact]
    public void A_prefix_whose_route_failed_is_not_guarded_and_says_why()
    {
        var failed = IPNetwork.Parse("10.11.0.0/24");
        var s = GuardStatus.Of(Hub1, new HashSet<IPNetwork> { IPNetwork.Parse("10.1.0.0/24") }, new Dictionary<IPNetwork, string> { [failed] = "Operation not permitted (EPERM)" });
        Assert.False(GuardStatus.IsGuarded(s));
        Assert.Equal(["10.1.0.0/24"], s.Prefixes.ToArray());
        Assert.Equal(["10.11.0.0/24"], s.Unguarded.ToArray());
        Assert.Equal("10.11.0.0/24: Operation not permitted (EPERM)", s.Error);
    }

    [Fact]
    public void Nothing_is_guarded_when_the_kernel_could_not_be_read()
    {
        var s = GuardStatus.Of(Hub1, new HashSet<IPNetwork>(), NoFailures, unknown: "RTM_GETROUTE: timed out");
        Assert.False(GuardStatus.IsGuarded(s));
        Assert.Equal(2, s.Unguarded.Length);
        Assert.Equal("RTM_GETROUTE: timed out", s.Error);
    }

    [Fact]
    public void Fail_closed_off_is_not_guarded_and_lists_nothing()
    {
        var off = GuardedTunnel.From(new TunnelConfig { Name = "hub1", RemoteSubnets = ["10.1.0.0/24"], FailClosed = false });
        var s = GuardStatus.Of(off, new HashSet<IPNetwork>(), NoFailures);
        Assert.False(s.FailClosed);
        Assert.False(GuardStatus.IsGuarded(s));
        Assert.Empty(s.Prefixes);
    }

    [Fact]
    public void A_full_tunnel_is_not_guarded_even_with_its_other_routes_in_place()
    {
        var full = GuardedTunnel.From(new TunnelConfig { Name = "hub1", RemoteSubnets = ["0.0.0.0/0", "10.1.0.0/24"] });
        var s = GuardStatus.Of(full, full.Prefixes.ToHashSet(), NoFailures);
        Assert.False(GuardStatus.IsGuarded(s));
        Assert.Equal(["0.0.0.0/0"], s.Unguarded.ToArray());
        Assert.Contains("cannot be guarded", s.Error);
    }
}
