using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeMx.Core.State;
using EdgeMx.Lab.Tests.Uplinks;
using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Tunnels;

/// <summary>
/// A tunnel fails closed (seed 000: no Direct Internet Access unless enabled, off by default): while the tunnel to hub1
/// is down, the LAN client's traffic for 10.1.0.10 never reaches ISP 1 in the clear — an nftables counter in $P-isp1
/// on the port facing wan1 counts packets for 10.1.0.0/24 — and the client gets an ICMP unreachable from the
/// appliance at once. With `failClosed: false` the same packets do reach ISP 1 (so the counter can see a leak). With
/// the tunnel up, traffic flows through it as before; a dead hub brings the guard back into play; a clean stop
/// leaves no guard route, and after SIGKILL the guards stay (still failing closed) and a restart keeps exactly one.
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class FailClosedTests(LabFixture fixture)
{
    private Lab Lab => fixture.Lab;

    // As `ip route show ... proto 77` prints it (the filter's protocol is left out).
    private const string GuardRoute = "unreachable 10.1.0.0/24 metric 1000000";

    /// <summary>Counts packets for hub1's subnet arriving at ISP 1 from wan1 (its `down` port), i.e. sent in the clear.</summary>
    private async Task WatchForLeaksAsync() =>
        (await Lab.RunAsync("isp1",
            "nft delete table ip emx_leak 2>/dev/null; nft add table ip emx_leak && "
            + "nft add chain ip emx_leak pre '{ type filter hook prerouting priority -300; }' && "
            + "nft add rule ip emx_leak pre iifname down ip daddr 10.1.0.0/24 counter")).EnsureSuccess();

    private async Task<long> LeakedAsync()
    {
        var listing = (await Lab.RunAsync("isp1", "nft list chain ip emx_leak pre")).EnsureSuccess().StdOut;
        return long.Parse(Counter().Match(listing).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task StopWatchingAsync() => Lab.RunAsync("isp1", "nft delete table ip emx_leak 2>/dev/null; true");

    [GeneratedRegex(@"counter packets (\d+)")]
    private static partial Regex Counter();

    /// <summary>Three pings from the LAN client to hub1's private host; the output as ping prints it.</summary>
    private async Task<string> PingHub1Async() =>
        (await Lab.RunAsync("lan", $"ping -n -c 3 -i 0.2 -W 1 {Hub.Hub1.HealthAddress}", TimeSpan.FromSeconds(20))).StdOut;

    private async Task<string[]> GuardRoutesAsync() =>
        (await Lab.RunAsync("app", "ip route show table main type unreachable proto 77")).EnsureSuccess().StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// $P-app forwards, as the OS of a branch appliance does for its LAN's internet traffic. EdgeMx itself switches
    /// forwarding on only with its data plane (the first CHILD_SA), and after a SIGKILL nobody switches it off again.
    /// Returns the setting to put back.
    /// </summary>
    private async Task<string> ForwardAsync(string value = "1")
    {
        var previous = (await Lab.RunAsync("app", "cat /proc/sys/net/ipv4/ip_forward")).EnsureSuccess().StdOut.Trim();
        (await Lab.RunAsync("app", $"echo {value} > /proc/sys/net/ipv4/ip_forward")).EnsureSuccess();
        return previous;
    }

    private string WrongPsk()
    {
        var dir = Directory.CreateDirectory(Path.Combine(Lab.StateDir, "fail-closed")).FullName;
        var psk = Path.Combine(dir, "wrong.psk");
        File.WriteAllText(psk, "not-the-hub's-key\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(psk, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return psk;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // the old behaviour: proves the counter sees a leak
    public async Task While_the_tunnel_never_comes_up_its_traffic_is_refused_instead_of_sent_in_the_clear(bool failClosed)
    {
        Root.Require();
        var psk = WrongPsk(); // the hub refuses us: the tunnel never gets a CHILD_SA
        var forwarding = await ForwardAsync();
        await WatchForLeaksAsync();
        try
        {
            await using var app = await TunnelAppliance.StartAsync(Lab, t =>
            {
                t["pskFile"] = psk;
                if (!failClosed) t["failClosed"] = false;
            });
            await app.WaitSteadyOnWan1Async(); // the default route via wan1 is there: the way out a leak would take
            await app.WaitForEventAsync("vpn.ike.auth-failed", TimeSpan.FromSeconds(30));
            var ping = await PingHub1Async();
            var state = await app.WaitStatusAsync(s => s.Hub1()?.Guard is not null, "hub1's guard in status");
            var hub1 = state.Hub1()!;
            Assert.False(hub1.Phase2Up);
            if (failClosed)
            {
                Assert.Equal(0, await LeakedAsync());
                // The kernel's answer to a packet hitting an `unreachable` route: ICMP destination unreachable, code 1.
                Assert.Contains("From 192.168.50.1 icmp_seq=1 Destination Host Unreachable", ping);
                Assert.True(hub1.Guarded);
                Assert.Equal(["10.1.0.0/24"], hub1.Guard!.Prefixes.ToArray());
                Assert.Equal([GuardRoute], await GuardRoutesAsync());
            }
            else
            {
                Assert.True(await LeakedAsync() >= 3, $"the pings reached ISP 1 in the clear:\n{ping}");
                Assert.False(hub1.Guarded);
                Assert.False(hub1.Guard!.FailClosed);
                Assert.Empty(await GuardRoutesAsync());
                var off = await app.WaitForEventAsync("vpn.guard.off", TimeSpan.FromSeconds(5));
                Assert.Equal("hub1", off.Subject);
            }
        }
        finally
        {
            await StopWatchingAsync();
            await ForwardAsync(forwarding);
        }
    }

    [Fact]
    public async Task With_the_tunnel_up_traffic_flows_through_it_and_when_the_hub_dies_the_guard_refuses_it()
    {
        Root.Require();
        // Periodic DPD with short timers, so the dead hub is noticed in seconds (schema minimums allow it).
        await using var app = await TunnelAppliance.StartAsync(Lab, t =>
            t["dpd"] = new JsonObject { ["mode"] = "periodic", ["delaySeconds"] = 2, ["retrySeconds"] = 1, ["timeoutSeconds"] = 4 });
        await app.WaitUpAsync();
        await WatchForLeaksAsync();
        try
        {
            Assert.True(await TunnelAppliance.LanReachesHub1Async(Lab), "LAN client → 10.1.0.10 through the tunnel");
            var route = (await Lab.RunAsync("app", "ip route get 10.1.0.10 from 192.168.50.10 iif lan0")).EnsureSuccess().StdOut;
            Assert.Contains("dev emx-esp0", route); // the tunnel's route wins over the guard while it exists
            Assert.Equal([GuardRoute], await GuardRoutesAsync());
            Assert.True((await app.StatusAsync()).Hub1()!.Guarded);
            Assert.Equal(0, await LeakedAsync());

            // The hub dies (charon stopped: whether it said DELETE first or DPD finds it dead, the SAs go and our
            // initiations go unanswered).
            await Lab.HubStopAsync(Hub.Hub1);
            await app.WaitStatusAsync(s => s.Hub1() is { Phase2Up: false }, "hub1 down", TimeSpan.FromSeconds(30));
            await Lab.WaitUntilAsync(async () => !(await Lab.RunAsync("app", "ip route show dev emx-esp0")).StdOut.Contains("10.1.0.0/24"),
                TimeSpan.FromSeconds(10), "the tunnel route gone");
            var ping = await PingHub1Async();
            Assert.Contains("Destination Host Unreachable", ping);
            Assert.Equal(0, await LeakedAsync());
        }
        finally
        {
            await StopWatchingAsync();
            await Lab.HubStartAsync(Hub.Hub1);
        }
    }

    [Fact]
    public async Task A_clean_stop_leaves_no_guard_and_after_SIGKILL_the_guard_stays_and_a_restart_keeps_exactly_one()
    {
        Root.Require();
        var directory = LabAppliance.NewDirectory(Lab);
        var config = LabConfigFile.Write(Lab, directory, r => r.Remove("telemetry"));
        Assert.Empty(await GuardRoutesAsync());
        var forwarding = (await Lab.RunAsync("app", "cat /proc/sys/net/ipv4/ip_forward")).EnsureSuccess().StdOut.Trim();
        try
        {
            await using (var first = await LabAppliance.StartAsync(Lab, config, directory))
            {
                Assert.Equal([GuardRoute], await GuardRoutesAsync()); // in before the control socket answers
                await first.WaitUpAsync();
                Assert.True(await TunnelAppliance.LanReachesHub1Async(Lab));
                await first.Process.KillAsync();
            }
            // A crash: the tunnel device and its route died with the process, forwarding and the default route via
            // wan1 stay — the leak of a dead appliance. The guard stays too and still refuses the hub's traffic.
            Assert.Equal([GuardRoute], await GuardRoutesAsync());
            Assert.DoesNotContain("emx-esp0", (await Lab.RunAsync("app", "ip route show")).StdOut);
            await WatchForLeaksAsync();
            try
            {
                Assert.Contains("Destination Host Unreachable", await PingHub1Async());
                Assert.Equal(0, await LeakedAsync());
            }
            finally
            {
                await StopWatchingAsync();
            }

            await using (var second = await LabAppliance.StartAsync(Lab, config, directory))
            {
                await second.WaitUpAsync();
                Assert.True(await TunnelAppliance.LanReachesHub1Async(Lab));
                Assert.True((await second.StatusAsync()).Hub1()!.Guarded);
                Assert.Equal([GuardRoute], await GuardRoutesAsync()); // reconciled, not added again
                Assert.Equal(0, await second.Process.StopAsync(TimeSpan.FromSeconds(25)));
            }
            Assert.Empty(await GuardRoutesAsync());
            Assert.DoesNotContain("proto 77", (await Lab.RunAsync("app", "ip route show table all")).StdOut);
        }
        finally
        {
            await ForwardAsync(forwarding);
        }
    }
}
