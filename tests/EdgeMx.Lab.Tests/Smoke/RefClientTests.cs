using System.Text.RegularExpressions;
using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Smoke;

/// <summary>
/// The strongSwan reference client in $P-app establishes tunnels to the hubs (through isp2's NAT for wan2) and
/// carries LAN traffic: proof that the hubs work, and the reference EdgeMx is later measured against.
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class RefClientTests(LabFixture fixture)
{
    private Lab Lab => fixture.Lab;

    [Theory]
    [InlineData("wan1", 1, false)]
    [InlineData("wan2", 2, true)]
    public async Task Reference_client_tunnels_the_lan_to_the_hub(string wanName, int hubNumber, bool behindNat)
    {
        Root.Require();
        var wan = Wan.Parse(wanName);
        var hub = Hub.FromNumber(hubNumber);
        var routesBefore = await AppRoutingAsync();
        try
        {
            await Lab.RefClientStartAsync(wan, hub);

            await Lab.WaitUntilSucceedsAsync("lan", $"ping -c 1 -W 1 {hub.HealthAddress}", TimeSpan.FromSeconds(10));
            var health = (await Lab.RunAsync("lan", $"curl -s -m 5 -w ' %{{http_code}}' http://{hub.HealthAddress}/health")).EnsureSuccess();
            Assert.EndsWith(" 200", health.StdOut);

            // What the hub sees: the WAN's public address (isp2's for wan2) on UDP 4500. kernel-libipsec fakes NAT on
            // both peers to force UDP encapsulation, so the hub reports nat-remote=yes either way; the real NAT shows
            // in the client detecting its own address translated (nat-local) only behind isp2.
            var sas = (await Lab.SwanctlAsync(hub, "--list-sas", "--raw")).EnsureSuccess().StdOut;
            Assert.Contains("state=ESTABLISHED", sas);
            Assert.Contains($"remote-host={wan.PublicAddress} remote-port=4500", sas);
            var client = (await Lab.RefClientSwanctlAsync("--list-sas", "--raw")).EnsureSuccess().StdOut;
            Assert.Contains($"local-host={wan.Address} local-port=4500", client);
            Assert.Equal(behindNat, client.Contains("nat-local=yes"));
            Assert.Contains("state=INSTALLED", sas);
            Assert.Contains("remote-ts=[192.168.50.0/24]", sas);
            var packetsIn = PacketsIn().Match(sas);
            Assert.True(packetsIn.Success && int.Parse(packetsIn.Groups[1].Value) > 0, $"no ESP packets reached the hub: {sas}");

            // the other hub knows nothing of it
            var other = Hub.FromNumber(3 - hubNumber);
            Assert.DoesNotContain("ESTABLISHED", (await Lab.SwanctlAsync(other, "--list-sas")).EnsureSuccess().StdOut);
        }
        finally
        {
            await Lab.RefClientStopAsync();
        }

        // stop deleted the SA at the hub and put $P-app back as it was
        await Lab.WaitUntilAsync(async () => !(await Lab.SwanctlAsync(hub, "--list-sas")).EnsureSuccess().StdOut.Contains("ESTABLISHED"),
            TimeSpan.FromSeconds(5), $"{hub} to drop the reference client's SA");
        Assert.Equal(routesBefore, await AppRoutingAsync());
        Assert.False((await Lab.RunAsync("lan", $"ping -c 1 -W 1 {hub.HealthAddress}")).Succeeded, "the LAN still reaches the hub's subnet");
    }

    [Fact]
    public async Task Reference_client_fails_cleanly_on_an_unacceptable_proposal()
    {
        Root.Require();
        var routesBefore = await AppRoutingAsync();
        // 3DES is not in the hubs' proposal list (nor is the des plugin loaded): no IKE_SA
        var start = await Lab.TryScriptAsync(TimeSpan.FromSeconds(60), CancellationToken.None,
            "refclient", "start", "wan1", "hub", "1", "--proposal", "aes128-sha256-modp1536");
        Assert.False(start.Succeeded, start.ToString());
        Assert.Contains("not established", start.StdErr);
        Assert.Equal(routesBefore, await AppRoutingAsync());
    }

    private async Task<string> AppRoutingAsync() =>
        (await Lab.RunAsync("app", "ip -4 route show table all; ip -4 rule show; sysctl -n net.ipv4.ip_forward")).EnsureSuccess().StdOut;

    [GeneratedRegex(@"packets-in=(\d+)")]
    private static partial Regex PacketsIn();
}
