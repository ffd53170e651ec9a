using System.Net;
using EdgeMx.Appliance.Tunnels.Guard;
using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Appliance.Tests.Tunnels.Guard;

/// <summary>Which prefixes a tunnel's config asks the guard for (no I/O).</summary>
public class GuardedTunnelTests
{
    private static TunnelConfig Tunnel(params string[] remote) => new() { Name = "hub1", RemoteSubnets = [.. remote] };

    [Fact]
    public void Every_remote_subnet_is_guarded_by_default_ipv4_and_ipv6()
    {
        var t = GuardedTunnel.From(Tunnel("10.1.0.0/24", "2001:db8:1::/48"));
        Assert.True(t.FailClosed);
        Assert.Equal([IPNetwork.Parse("10.1.0.0/24"), IPNetwork.Parse("2001:db8:1::/48")], t.Wanted.ToArray());
        Assert.Empty(t.Unguardable);
    }

    [Fact]
    public void Host_bits_are_cleared_as_in_the_traffic_selector_and_each_prefix_counts_once()
    {
        var t = GuardedTunnel.From(Tunnel("10.1.0.7/24", "10.1.0.0/24", "2001:db8:1::5/64"));
        Assert.Equal([IPNetwork.Parse("10.1.0.0/24"), IPNetwork.Parse("2001:db8:1::/64")], t.Wanted.ToArray());
    }

    [Fact]
    public void Fail_closed_off_wants_nothing_but_keeps_the_prefixes_for_status()
    {
        var t = GuardedTunnel.From(Tunnel("10.1.0.0/24") with { FailClosed = false });
        Assert.Empty(t.Wanted);
        Assert.Equal([IPNetwork.Parse("10.1.0.0/24")], t.Prefixes.ToArray());
    }

    [Fact]
    public void A_full_tunnel_default_route_cannot_be_guarded()
    {
        // The uplink's default route (metric 0) would always win over a guard for 0.0.0.0/0.
        var t = GuardedTunnel.From(Tunnel("0.0.0.0/0", "10.1.0.0/24"));
        Assert.Equal([IPNetwork.Parse("10.1.0.0/24")], t.Wanted.ToArray());
        Assert.Equal([IPNetwork.Parse("0.0.0.0/0")], t.Unguardable.ToArray());
    }

    [Theory]
    [InlineData("10.1.0.0")]
    [InlineData("10.1.0.0/33")]
    [InlineData("10.1.0.0/-1")]
    [InlineData("2001:db8::/129")]
    [InlineData("hub.example/24")]
    public void Text_that_is_not_a_prefix_is_skipped(string text) => Assert.False(GuardedTunnel.TryParse(text, out _));
}
