using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Smoke;

/// <summary>Who reaches whom in a freshly built lab (LAB-PLAN addressing), and what the NAT looks like from a hub.</summary>
[Collection(LabCollection.Name)]
public sealed class ConnectivityTests(LabFixture fixture)
{
    private Lab Lab => fixture.Lab;

    [Theory]
    // the appliance's links and the LAN
    [InlineData("app", "198.51.100.1")]
    [InlineData("app", "10.0.2.1")]
    [InlineData("app", "192.168.50.10")]
    [InlineData("lan", "192.168.50.1")]
    // across the core
    [InlineData("isp1", "203.0.113.2")]
    [InlineData("isp1", "203.0.113.11")]
    [InlineData("isp1", "203.0.113.12")]
    [InlineData("isp2", "203.0.113.100")]
    [InlineData("isp2", "203.0.113.101")]
    [InlineData("hub1", "203.0.113.12")]
    [InlineData("svc", "198.51.100.1")]
    [InlineData("hub2", "198.51.100.1")]
    // hubs and their private hosts
    [InlineData("hub1", "10.1.0.10")]
    [InlineData("hub2", "10.2.0.10")]
    [InlineData("hub1-net", "203.0.113.11")]
    [InlineData("hub2-net", "203.0.113.12")]
    public async Task Node_reaches(string node, string target)
    {
        Root.Require();
        var ping = await Lab.RunAsync(node, $"ping -c 1 -W 2 {target}");
        Assert.True(ping.Succeeded, ping.ToString());
    }

    [Theory]
    // $P-app has no default route and no forwarding until the appliance (or the reference client) sets them up
    [InlineData("app", "203.0.113.100")]
    [InlineData("lan", "203.0.113.100")]
    [InlineData("lan", "10.1.0.10")]
    // the hubs' private subnets are reachable only through a tunnel
    [InlineData("svc", "10.1.0.10")]
    [InlineData("hub1", "10.2.0.10")]
    public async Task Node_does_not_reach(string node, string target)
    {
        Root.Require();
        var ping = await Lab.RunAsync(node, $"ping -c 1 -W 1 {target}");
        Assert.False(ping.Succeeded, $"{node} reached {target}: {ping}");
    }

    [Theory]
    [InlineData("wan1", 1)]
    [InlineData("wan2", 2)]
    [InlineData("wan2", 1)]
    public async Task Hub_sees_traffic_from_the_wan_public_address(string wanName, int hubNumber)
    {
        Root.Require();
        var wan = Wan.Parse(wanName);
        var hub = Hub.FromNumber(hubNumber);
        var route = $"{hub.PublicAddress}/32 via {wan.Gateway} dev {wan.Name}";
        (await Lab.RunAsync("app", $"ip route replace {route}")).EnsureSuccess();
        try
        {
            // a one-shot TCP service on the hub that answers with the source address it sees
            var listener = Lab.RunAsync(hub.Node, "socat -T 5 TCP-LISTEN:7001,reuseaddr SYSTEM:'echo $SOCAT_PEERADDR'", TimeSpan.FromSeconds(20));
            await Lab.WaitUntilSucceedsAsync(hub.Node, "ss -Hltn 'sport = :7001' | grep -q .", TimeSpan.FromSeconds(5));
            var answer = await Lab.RunAsync("app", $"socat -T 5 -t 5 - TCP:{hub.PublicAddress}:7001 </dev/null");
            Assert.True(answer.Succeeded, answer.ToString());
            Assert.Equal(wan.PublicAddress, answer.StdOut.Trim());
            (await listener).EnsureSuccess();
        }
        finally
        {
            await Lab.RunAsync("app", $"ip route del {route}");
        }
    }
}
