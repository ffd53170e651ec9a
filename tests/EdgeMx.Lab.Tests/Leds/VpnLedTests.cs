using System.Text.Json.Nodes;
using EdgeMx.Testing;
using Xunit.Abstractions;
using static EdgeMx.Hal.Leds.LedColour;
using static EdgeMx.Hal.Leds.LedPattern;

namespace EdgeMx.Lab.Tests.Leds;

/// <summary>
/// The VPN LED of the real appliance in the lab (simulated panel, state file) following its tunnel to strongSwan
/// hub1, with seed 000's colours: green = phase 1 and 2 up, red = both down (the hub stopped: its DELETE or dead peer
/// detection, then unanswered re-initiations), green again when the hub is back; amber = phase 1 up, phase 2 down (a subnet the
/// hub refuses: TS_UNACCEPTABLE leaves the IKE SA up). The panel, `status --json` and the tunnel state agree.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class VpnLedTests(LabFixture fixture, ITestOutputHelper output)
{
    // Tunnel set-up over kernel-libipsec on a loaded 2-core machine, DPD (2 s + 4 s) and re-initiation back-off
    // (5 s, doubling) decide these; each wait returns as soon as the panel shows the state.
    private static readonly TimeSpan Up = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan Back = TimeSpan.FromSeconds(90);

    private Lab Lab => fixture.Lab;

    // Quick liveness checks and retransmissions, so losing the hub is noticed in seconds rather than a minute.
    private static void FastDeadPeerDetection(JsonObject root)
    {
        var tunnel = root["tunnels"]![0]!.AsObject();
        tunnel["dpd"] = new JsonObject { ["mode"] = "periodic", ["delaySeconds"] = 2, ["retrySeconds"] = 1, ["timeoutSeconds"] = 4, ["action"] = "restart" };
        tunnel["retransmit"] = new JsonObject { ["timeoutMs"] = 500, ["base"] = 1.5, ["tries"] = 3 };
        root.Remove("telemetry");
    }

    [Fact]
    public async Task The_vpn_led_is_green_with_the_tunnel_up_red_when_the_hub_is_gone_and_green_again_when_it_is_back()
    {
        Root.Require();
        await using var app = await LedAppliance.StartAsync(Lab, configure: FastDeadPeerDetection);
        try
        {
            await app.WaitForPanelAsync(Up, "vpn green (hub1 phase 1 and 2 up)", ("vpn", Green, Solid), ("wan1", Green, Solid));
            var up = await app.StatusAsync();
            var hub1 = Assert.Single(up.Tunnels, t => t.Name == "hub1");
            Assert.True(hub1.Phase1Up && hub1.Phase2Up);
            var led = Assert.Single(up.Leds, l => l.Name == "vpn");
            Assert.Equal("hub1: phase 1 and 2 up", led.Reason);
            Assert.Equal(led.State, app.ReadPanel()!["vpn"]);

            await Lab.HubStopAsync(Hub.Hub1);
            await app.WaitForPanelAsync(Down, "vpn red (hub1 stopped: phase 1 and 2 down)", ("vpn", Red, Solid));
            var down = await app.StatusAsync();
            var gone = Assert.Single(down.Tunnels, t => t.Name == "hub1");
            Assert.False(gone.Phase1Up || gone.Phase2Up);
            Assert.Equal("phase 1 and 2 down", Assert.Single(down.Leds, l => l.Name == "vpn").Reason);
            // the uplinks did not move: only the VPN LED changed
            Assert.Equal(new Hal.Leds.LedState(Green, Solid), app.ReadPanel()!["wan1"]);

            // While the hub stays away it stays red: re-initiations go unanswered (no green from a stale SA).
            var hold = System.Diagnostics.Stopwatch.StartNew();
            while (hold.Elapsed < TimeSpan.FromSeconds(8))
            {
                Assert.Equal(new Hal.Leds.LedState(Red, Solid), app.ReadPanel()!["vpn"]);
                await Task.Delay(200);
            }
            Assert.Contains(await app.EventsAsync(), e => e.Type is "vpn.ike.no-response" or "vpn.ike.dead-peer");
        }
        finally
        {
            await Lab.HubStartAsync(Hub.Hub1);
        }
        await app.WaitForPanelAsync(Back, "vpn green again (hub1 back)", ("vpn", Green, Solid));
        Assert.True((await app.StatusAsync()).Tunnels.Single(t => t.Name == "hub1").Phase2Up);
        // Really a second tunnel: established, lost, established again (not a stale green).
        var vpn = (await app.EventsAsync()).Where(e => e.Category == Core.Events.EventCategory.Vpn).ToList();
        foreach (var e in vpn) output.WriteLine($"{e.Time:HH:mm:ss.fff} {e.Type} {e.Message}");
        var established = vpn.Where(e => e.Type == "vpn.child.established").ToList();
        Assert.True(established.Count >= 2, "expected a CHILD_SA before and after the hub's restart");
        Assert.Contains(vpn, e => e.Sequence > established[0].Sequence && e.Sequence < established[^1].Sequence
                                  && e.Type is "vpn.ike.deleted" or "vpn.ike.dead-peer" or "vpn.ike.no-response" or "vpn.child.deleted");
    }

    [Fact]
    public async Task The_vpn_led_is_amber_while_phase_1_is_up_and_the_hub_refuses_phase_2()
    {
        Root.Require();
        await using var app = await LedAppliance.StartAsync(Lab, configure: root =>
        {
            FastDeadPeerDetection(root);
            root["tunnels"]![0]!["remoteSubnets"] = new JsonArray("10.9.0.0/24"); // hub1 routes 10.1.0.0/24 only
        });
        await app.WaitForPanelAsync(Up, "vpn amber (phase 1 up, phase 2 refused)", ("vpn", Amber, Solid));
        var state = await app.StatusAsync();
        var hub1 = Assert.Single(state.Tunnels, t => t.Name == "hub1");
        Assert.True(hub1.Phase1Up);
        Assert.False(hub1.Phase2Up);
        Assert.Equal("hub1: phase 1 up, phase 2 down", Assert.Single(state.Leds, l => l.Name == "vpn").Reason);
        Assert.Contains(await app.EventsAsync(), e => e.Type == "vpn.child.ts-unacceptable");
        // and it stays amber (DPD keeps finding the hub alive; nothing flaps it to red or green)
        await Task.Delay(TimeSpan.FromSeconds(8));
        Assert.Equal(new Hal.Leds.LedState(Amber, Solid), app.ReadPanel()!["vpn"]);
    }
}
