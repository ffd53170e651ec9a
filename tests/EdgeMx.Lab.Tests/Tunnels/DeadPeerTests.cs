using System.Text.Json.Nodes;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using EdgeMx.Lab.Tests.Uplinks;
using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Tunnels;

/// <summary>
/// Dead peer detection (RFC 7296 §2.4) against a strongSwan hub that goes silent while its link stays up
/// (`lab.sh hub-silence`: hub1 drops IKE and ESP both ways, charon keeps running with its SAs). Short timers
/// (delay 3 s, retry 1 s, give up after 4 s) so each case takes seconds: periodic checks find the dead peer within
/// delay + timeout; action restart initiates again and the tunnel comes back (new SPIs, traffic) once the hub answers,
/// action clear leaves it down; on-demand checks only when traffic goes out and nothing comes back, so an idle
/// tunnel to a silent hub is not declared dead, and LAN traffic into it is.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class DeadPeerTests(LabFixture fixture)
{
    private const int Delay = 3;
    private const int Timeout = 4;

    /// <summary>A loaded machine: the appliance's loop, the event log and our polling each may lag a little.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(3);

    private Lab Lab => fixture.Lab;

    private static Action<JsonObject> Dpd(string mode, string action) => t =>
    {
        t["dpd"] = new JsonObject
        {
            ["mode"] = mode, ["delaySeconds"] = Delay, ["retrySeconds"] = 1, ["timeoutSeconds"] = Timeout, ["action"] = action,
        };
        // IKE_SA_INIT after a restart is retransmitted every second, so the tunnel is back a moment after the hub is.
        t["retransmit"] = new JsonObject { ["timeoutMs"] = 1000, ["base"] = 1.0, ["tries"] = 20 };
    };

    [Fact]
    public async Task Periodic_DPD_finds_a_silent_hub_dead_and_restart_brings_the_tunnel_back_when_it_answers()
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab, Dpd("periodic", "restart"));
        var before = await app.WaitUpAsync();
        var child = before.Children.Single(c => c.State == "INSTALLED");
        var after = await LastSequenceAsync(app);

        var silencedAt = DateTimeOffset.UtcNow;
        await Lab.HubSilenceAsync(Hub.Hub1);
        try
        {
            var dead = await app.WaitForEventAsync("vpn.ike.dead-peer", TimeSpan.FromSeconds(Delay + Timeout) + 3 * Tolerance, after);
            // The next check goes out within one delay of the silence; the peer is dead when it stays unanswered for the timeout.
            Assert.InRange(dead.Time - silencedAt, TimeSpan.FromSeconds(Timeout - 0.5), TimeSpan.FromSeconds(Delay + Timeout) + Tolerance);
            AssertActionable(dead, "initiating again");
            Assert.True(await Lab.HubSilencedInboundAsync(Hub.Hub1) >= Timeout, "the liveness checks (one a second) reached the hub's drop rule");

            // Down at once (SAs removed), and initiating again while the hub is still silent.
            await app.WaitForEventAsync("vpn.ike.initiating", TimeSpan.FromSeconds(10), dead.Sequence);
            var state = await app.StatusAsync();
            Assert.False(state.Hub1()!.Phase1Up);
            Assert.DoesNotContain(state.Hub1()!.Sas, s => s.SpiI == before.SpiI);
        }
        finally
        {
            await Lab.HubUnsilenceAsync(Hub.Hub1);
        }

        var sa = await app.WaitUpAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(before.SpiI, sa.SpiI);
        var newChild = sa.Children.Single(c => c.State == "INSTALLED");
        Assert.NotEqual(child.SpiIn, newChild.SpiIn);
        Assert.NotEqual(child.SpiOut, newChild.SpiOut);
        // The hub kept the old SA through the silence; our INITIAL_CONTACT made it replace it: one IKE_SA, ours.
        await HubSas.WaitHoldsOnlyAsync(Lab, Hub.Hub1, sa, newChild, "the hub to hold only the new IKE_SA and CHILD_SA");
        await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub1.HealthAddress, "traffic through the tunnel established again");
    }

    [Fact]
    public async Task Periodic_DPD_with_action_clear_leaves_the_tunnel_down_after_the_hub_answers_again()
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab, Dpd("periodic", "clear"));
        var before = await app.WaitUpAsync();
        var after = await LastSequenceAsync(app);

        await Lab.HubSilenceAsync(Hub.Hub1);
        ApplianceEvent dead;
        try
        {
            dead = await app.WaitForEventAsync("vpn.ike.dead-peer", TimeSpan.FromSeconds(Delay + Timeout) + 3 * Tolerance, after);
            AssertActionable(dead, "not restarting");
        }
        finally
        {
            await Lab.HubUnsilenceAsync(Hub.Hub1);
        }
        try
        {
            // The hub answers again; for longer than the reconnect delay (5 s) nothing is initiated.
            var watched = System.Diagnostics.Stopwatch.StartNew();
            while (watched.Elapsed < TimeSpan.FromSeconds(8))
            {
                var s = await app.StatusAsync();
                Assert.False(s.Hub1()!.Phase1Up, "the tunnel came back although the DPD action is clear");
                Assert.Empty(s.Hub1()!.Sas);
                await Task.Delay(250);
            }
            Assert.DoesNotContain(await app.EventsAsync(), e => e.Sequence > dead.Sequence && e.Type == "vpn.ike.initiating");
            Assert.False(await TunnelAppliance.LanReachesHub1Async(Lab, count: 2), "traffic reached hub1 with the tunnel cleared");
        }
        finally
        {
            // The hub still holds the SA it never heard the end of (its own DPD would clear it in a few minutes).
            await Lab.SwanctlAsync(Hub.Hub1, "--terminate", "--ike", "spokes", "--force", "--timeout", "2");
        }
        _ = before;
    }

    [Fact]
    public async Task On_demand_DPD_leaves_an_idle_tunnel_alone_and_finds_the_silent_hub_dead_once_traffic_goes_unanswered()
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab, Dpd("onDemand", "restart"));
        var before = await app.WaitUpAsync();
        await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub1.HealthAddress, "traffic through the tunnel");
        var after = await LastSequenceAsync(app);

        await Lab.HubSilenceAsync(Hub.Hub1);
        try
        {
            // Idle: nothing is sent, so nothing needs an answer (RFC 7296 §2.4: a liveness check is needed when there
            // has only been outgoing traffic; RFC 3706 §5.3, Cisco's on-demand). Longer than delay + timeout: no check
            // goes out and the hub is not declared dead just because nothing arrived.
            var quiet = System.Diagnostics.Stopwatch.StartNew();
            while (quiet.Elapsed < TimeSpan.FromSeconds(Delay + Timeout) + Tolerance)
            {
                var s = await app.StatusAsync();
                Assert.True(s.Hub1()!.Phase1Up, "the idle tunnel was torn down");
                await Task.Delay(250);
            }
            Assert.DoesNotContain(await app.EventsAsync(), e => e.Sequence > after && e.Type == "vpn.ike.dead-peer");
            Assert.Equal(0, await Lab.HubSilencedInboundAsync(Hub.Hub1)); // not a single liveness check was sent
            Assert.Equal(before.SpiI, (await app.StatusAsync()).EstablishedSa()!.SpiI);

            // Traffic that gets no answer: the next usage poll (every 2 s) sees it, the check goes out at once.
            var trafficAt = DateTimeOffset.UtcNow;
            await using var ping = LanPing.Start(Lab, Hub.Hub1.HealthAddress, TimeSpan.FromMilliseconds(500));
            var dead = await app.WaitForEventAsync("vpn.ike.dead-peer", TimeSpan.FromSeconds(2 + Timeout) + 3 * Tolerance, after);
            Assert.InRange(dead.Time - trafficAt, TimeSpan.FromSeconds(Timeout - 0.5), TimeSpan.FromSeconds(2 + Timeout) + Tolerance);
            AssertActionable(dead, "initiating again");

            await Lab.HubUnsilenceAsync(Hub.Hub1);
            var sa = await app.WaitUpAsync(TimeSpan.FromSeconds(30));
            Assert.NotEqual(before.SpiI, sa.SpiI);
            await ping.WaitForRepliesAsync(3, TimeSpan.FromSeconds(20), "the running ping to be answered through the new tunnel");
        }
        finally
        {
            await Lab.HubUnsilenceAsync(Hub.Hub1);
        }
    }

    /// <summary>The event names the hub, says what happens next, and tells the operator what to check.</summary>
    private static void AssertActionable(ApplianceEvent dead, string next)
    {
        Assert.Equal("hub1", dead.Subject);
        Assert.Contains(Hub.Hub1.PublicAddress, dead.Message);
        Assert.Contains(next, dead.Message);
        Assert.False(string.IsNullOrEmpty(dead.Check));
        Assert.Contains(Hub.Hub1.PublicAddress, dead.Check!);
    }

    /// <summary>`swanctl --list-sas` shows exactly one IKE_SA, with our SPIs, and one CHILD_SA, with our SPIs.</summary>
    internal static bool HubHoldsOnly(string hubSas, EdgeMx.Core.State.IkeSaStatus sa, EdgeMx.Core.State.ChildSaStatus child) =>
        CountOf(hubSas, ": #") == 1 && hubSas.Contains($"{sa.SpiI}_i", StringComparison.Ordinal)
        && CountOf(hubSas, "INSTALLED") == 1 && hubSas.Contains($"in  {child.SpiOut}", StringComparison.Ordinal)
        && hubSas.Contains($"out {child.SpiIn}", StringComparison.Ordinal);

    private static int CountOf(string text, string what) =>
        text.Split('\n').Count(l => l.Contains(what, StringComparison.Ordinal));

    private static async Task<long> LastSequenceAsync(LabAppliance app) => (await app.EventsAsync()).Select(e => e.Sequence).DefaultIfEmpty(0).Max();
}
