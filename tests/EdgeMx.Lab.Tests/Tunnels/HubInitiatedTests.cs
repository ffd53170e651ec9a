using System.Text.Json.Nodes;
using EdgeMx.Lab.Tests.Uplinks;
using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Tunnels;

/// <summary>
/// What strongSwan does to an established tunnel on its own initiative, and how the appliance (the initiator, lab.json's
/// tunnel to hub1) follows: `swanctl --rekey --child` / `--rekey --ike` (new SPIs here and at the hub, traffic goes
/// on), `--terminate --child` / `--ike` (the appliance re-creates what its close action says), and `--redirect` to
/// hub2 (RFC 5685: we follow, announce REDIRECTED_FROM, and come up at hub2). Each with the events an operator reads.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class HubInitiatedTests(LabFixture fixture)
{
    private Lab Lab => fixture.Lab;

    [Fact]
    public async Task A_CHILD_SA_rekey_by_the_hub_brings_new_SPIs_and_traffic_keeps_flowing()
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab);
        var before = (await app.WaitUpAsync()).Children.Single(c => c.State == "INSTALLED");
        var after = await LastSequenceAsync(app);

        await TunnelAppliance.HubCommandAsync(Lab, Hub.Hub1, "--rekey", "--child", "private");

        var state = await app.WaitStatusAsync(s => s.InstalledChild() is { } c && c.SpiIn != before.SpiIn
                && s.Hub1()!.Sas.SelectMany(x => x.Children).All(x => x.SpiIn != before.SpiIn),
            "the rekeyed CHILD_SA installed and the old one gone", TimeSpan.FromSeconds(20));
        var child = state.InstalledChild()!;
        Assert.NotEqual(before.SpiOut, child.SpiOut);
        Assert.Equal(1, state.Hub1()!.Counters!.ChildRekeys);
        var rekeyed = await app.WaitForEventAsync("vpn.child.rekeyed", TimeSpan.FromSeconds(10), after);
        Assert.Contains($"{child.SpiIn}_i {child.SpiOut}_o", rekeyed.Message);
        var deleted = await app.WaitForEventAsync("vpn.child.deleted", TimeSpan.FromSeconds(10), after);
        Assert.Equal("replaced by a rekey", deleted.Details!["reason"]);
        Assert.Equal(before.SpiIn, deleted.Details["spi_in"]);

        var hub = await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1);
        Assert.Contains($"in  {child.SpiOut}", hub);
        await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub1.HealthAddress, "traffic through the CHILD_SA the hub rekeyed");
    }

    [Fact]
    public async Task An_IKE_SA_rekey_by_the_hub_brings_new_SPIs_and_keeps_the_CHILD_SA()
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab);
        var before = await app.WaitUpAsync();
        var child = before.Children.Single(c => c.State == "INSTALLED");
        var after = await LastSequenceAsync(app);

        await TunnelAppliance.HubCommandAsync(Lab, Hub.Hub1, "--rekey", "--ike", "spokes");

        // The hub deletes the old IKE_SA once the new one is up: then only the new one is left here.
        var state = await app.WaitStatusAsync(s => s.Hub1() is { Sas.Length: 1 } t && t.Sas[0].State == "ESTABLISHED" && t.Sas[0].SpiI != before.SpiI,
            "the rekeyed IKE_SA alone (the hub deleted the old one)", TimeSpan.FromSeconds(20));
        var sa = state.EstablishedSa()!;
        Assert.NotEqual(before.SpiR, sa.SpiR);
        Assert.Equal(before.Proposal, sa.Proposal);
        Assert.Equal(1, sa.Rekeys);
        Assert.Equal(1, state.Hub1()!.Counters!.IkeRekeys);
        // RFC 7296 §2.18: the CHILD_SAs move to the new IKE_SA unchanged.
        Assert.Equal(child.SpiIn, sa.Children.Single(c => c.State == "INSTALLED").SpiIn);
        var rekeyed = await app.WaitForEventAsync("vpn.ike.rekeyed", TimeSpan.FromSeconds(10), after);
        Assert.Contains($"{before.SpiI}_i {before.SpiR}_r -> {sa.SpiI}_i {sa.SpiR}_r", rekeyed.Message);
        Assert.DoesNotContain((await app.EventsAsync()).Where(e => e.Sequence > after), e => e.Type is "vpn.ike.deleted" or "vpn.child.deleted");

        var hub = await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1);
        Assert.Contains($"{sa.SpiI}_i* {sa.SpiR}_r", hub); // the hub initiated the rekey, so it is the new SA's initiator
        Assert.DoesNotContain(before.SpiI, hub);
        await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub1.HealthAddress, "traffic after the hub rekeyed the IKE_SA");
    }

    [Fact]
    public async Task A_CHILD_SA_deleted_by_the_hub_is_created_again()
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab);
        var before = (await app.WaitUpAsync()).Children.Single(c => c.State == "INSTALLED");
        var after = await LastSequenceAsync(app);

        await TunnelAppliance.HubCommandAsync(Lab, Hub.Hub1, "--terminate", "--child", "private");

        var deleted = await app.WaitForEventAsync("vpn.child.deleted", TimeSpan.FromSeconds(10), after);
        Assert.Equal("deleted by the peer", deleted.Details!["reason"]);
        Assert.Contains("again", deleted.Check); // says that (and when) we create it again
        // Close action restart (lab.json's dpd.action): a new CHILD_SA after the retry delay, phase 1 untouched.
        var state = await app.WaitStatusAsync(s => s.InstalledChild() is { } c && c.SpiIn != before.SpiIn,
            "a new CHILD_SA after the hub deleted the old one", TimeSpan.FromSeconds(30));
        Assert.Single(state.Hub1()!.Sas);
        var child = state.InstalledChild()!;
        Assert.Contains($"in  {child.SpiOut}", await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1));
        await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub1.HealthAddress, "traffic through the re-created CHILD_SA");
    }

    [Fact]
    public async Task An_IKE_SA_deleted_by_the_hub_is_established_again()
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab);
        var before = await app.WaitUpAsync();
        var after = await LastSequenceAsync(app);

        await TunnelAppliance.HubCommandAsync(Lab, Hub.Hub1, "--terminate", "--ike", "spokes");

        var deleted = await app.WaitForEventAsync("vpn.ike.deleted", TimeSpan.FromSeconds(10), after);
        Assert.Equal("deleted by the peer", deleted.Details!["reason"]);
        Assert.Contains("establish", deleted.Check);
        var sa = await app.WaitUpAsync();
        Assert.NotEqual(before.SpiI, sa.SpiI);
        Assert.True(sa.Initiator);
        var hub = await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1);
        Assert.Contains($"{sa.SpiI}_i {sa.SpiR}_r*", hub);
        await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub1.HealthAddress, "traffic through the re-established tunnel");
    }

    [Fact]
    public async Task With_close_action_clear_an_IKE_SA_deleted_by_the_hub_stays_down()
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab, t => t["dpd"]!["action"] = "clear");
        await app.WaitUpAsync();
        var after = await LastSequenceAsync(app);

        await TunnelAppliance.HubCommandAsync(Lab, Hub.Hub1, "--terminate", "--ike", "spokes");

        var deleted = await app.WaitForEventAsync("vpn.ike.deleted", TimeSpan.FromSeconds(10), after);
        Assert.Contains("down", deleted.Check);
        // Longer than the reconnect delay (5 s): nothing is initiated again.
        var watched = System.Diagnostics.Stopwatch.StartNew();
        while (watched.Elapsed < TimeSpan.FromSeconds(8))
        {
            var s = await app.StatusAsync();
            Assert.False(s.Hub1()!.Phase1Up, "the tunnel came back although its close action is clear");
            await Task.Delay(250);
        }
        Assert.DoesNotContain(await app.EventsAsync(), e => e.Sequence > after && e.Type == "vpn.ike.initiating");
    }

    [Fact]
    public async Task A_redirect_by_the_hub_moves_the_tunnel_to_hub2()
    {
        Root.Require();
        // hub2 as hub1's cluster peer: the same PSK (@PSK1@), its own identity and private subnet. The tunnel takes
        // any identity the PSK proves and both hubs' subnets (each hub narrows them to its own).
        var cluster = Path.Combine(Lab.StateDir, "hub2-cluster.conf");
        await File.WriteAllTextAsync(cluster, File.ReadAllText(Path.Combine(RepoPaths.Root, "tools", "lab", "hub", "swanctl.conf.in"))
            .Replace("secret = \"@PSK@\"", "secret = \"@PSK1@\"", StringComparison.Ordinal));
        await Lab.HubConfigAsync(Hub.Hub2, cluster);
        var hub2Log = Path.Combine(Lab.StateDir, "hub2", "charon.log");
        var hub2LogStart = new FileInfo(hub2Log).Length;
        try
        {
            await using var app = await TunnelAppliance.StartAsync(Lab, t =>
            {
                t.Remove("remoteId");
                t["remoteSubnets"] = new JsonArray("10.1.0.0/24", "10.2.0.0/24");
            });
            var before = await app.WaitUpAsync();
            Assert.Equal("hub1.lab", before.RemoteId);
            var after = await LastSequenceAsync(app);

            await TunnelAppliance.HubCommandAsync(Lab, Hub.Hub1, "--redirect", "--peer-ip", Wan.Wan1.Address, "--gateway", Hub.Hub2.PublicAddress);

            var redirected = await app.WaitForEventAsync("vpn.ike.redirected", TimeSpan.FromSeconds(10), after);
            Assert.Equal($"{Hub.Hub1.PublicAddress}:4500", redirected.Details!["from"]);
            Assert.Equal(Hub.Hub2.PublicAddress, redirected.Details["to"]);
            Assert.Equal("INFORMATIONAL", redirected.Details["during"]);
            var state = await app.WaitStatusAsync(s => s.EstablishedSa() is { RemoteId: "hub2.lab" } sa && sa.Children.Any(c => c.State == "INSTALLED")
                    && s.Hub1()!.Sas.Length == 1,
                "the tunnel up at hub2 and the SA with hub1 gone", TimeSpan.FromSeconds(30));
            var sa = state.EstablishedSa()!;
            Assert.StartsWith($"{Hub.Hub2.PublicAddress}:4500", sa.Remote);
            Assert.Equal("10.2.0.0/24", sa.Children.Single(c => c.State == "INSTALLED").RemoteTs);
            Assert.DoesNotContain("ESTABLISHED", await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1));
            Assert.Contains($"{sa.SpiI}_i {sa.SpiR}_r*", await TunnelAppliance.HubSasAsync(Lab, Hub.Hub2));
            // hub2 saw our REDIRECTED_FROM (RFC 5685 §4) naming hub1.
            await Lab.WaitUntilAsync(() => ReadFrom(hub2Log, hub2LogStart).Contains($"client got redirected from {Hub.Hub1.PublicAddress}", StringComparison.Ordinal),
                TimeSpan.FromSeconds(10), "hub2's log to show the REDIRECTED_FROM of hub1");
            await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub2.HealthAddress, "traffic to hub2's private host after the redirect");
        }
        finally
        {
            await Lab.HubConfigDefaultAsync(Hub.Hub2);
            await Lab.SwanctlAsync(Hub.Hub2, "--terminate", "--ike", "spokes", "--timeout", "5");
        }
    }

    [Fact]
    public async Task A_redirect_to_a_gateway_that_never_answers_ends_back_at_the_configured_hub()
    {
        Root.Require();
        // A hub that sends us nowhere (203.0.113.99 does not exist): after the (shortened) retransmissions the
        // appliance says so and returns to hub1 instead of knocking at the dead address forever.
        await using var app = await TunnelAppliance.StartAsync(Lab, t => t["retransmit"] = new JsonObject
        {
            ["timeoutMs"] = 1000, ["base"] = 1.0, ["tries"] = 2,
        });
        var before = await app.WaitUpAsync();
        var after = await LastSequenceAsync(app);

        await TunnelAppliance.HubCommandAsync(Lab, Hub.Hub1, "--redirect", "--peer-ip", Wan.Wan1.Address, "--gateway", "203.0.113.99");

        await app.WaitForEventAsync("vpn.ike.redirected", TimeSpan.FromSeconds(10), after);
        var failed = await app.WaitForEventAsync("vpn.ike.redirect-failed", TimeSpan.FromSeconds(30), after);
        Assert.Equal("203.0.113.99", failed.Details!["to"]);
        Assert.Contains(Hub.Hub1.PublicAddress, failed.Message);
        Assert.False(string.IsNullOrEmpty(failed.Check));
        var sa = await app.WaitUpAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(before.SpiI, sa.SpiI);
        Assert.StartsWith($"{Hub.Hub1.PublicAddress}:4500", sa.Remote);
        await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub1.HealthAddress, "traffic through hub1 again");
    }

    [Fact]
    public async Task A_redirect_to_a_name_is_ignored_with_an_event_and_the_tunnel_stays()
    {
        Root.Require();
        // strongSwan sends what it is given: `--gateway hub2.lab` becomes a REDIRECT with an FQDN, which we do not
        // follow (addresses only, seed 004). The operator reads why; the tunnel stays up at hub1 as it was.
        await using var app = await TunnelAppliance.StartAsync(Lab);
        var before = await app.WaitUpAsync();
        var after = await LastSequenceAsync(app);

        await TunnelAppliance.HubCommandAsync(Lab, Hub.Hub1, "--redirect", "--peer-ip", Wan.Wan1.Address, "--gateway", Hub.Hub2.Id);

        var ignored = await app.WaitForEventAsync("vpn.ike.redirect-ignored", TimeSpan.FromSeconds(10), after);
        Assert.Equal(Hub.Hub2.Id, ignored.Details!["to"]);
        Assert.Contains("FQDN", ignored.Message);
        Assert.Contains("IP addresses only", ignored.Check);
        var state = await app.StatusAsync();
        Assert.Equal(before.SpiI, state.EstablishedSa()!.SpiI);
        Assert.DoesNotContain(await app.EventsAsync(), e => e.Sequence > after && e.Type is "vpn.ike.redirected" or "vpn.ike.deleted");
        Assert.Contains($"{before.SpiI}_i {before.SpiR}_r*", await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1));
        await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub1.HealthAddress, "traffic through hub1 after the ignored redirect");
    }

    private static async Task<long> LastSequenceAsync(LabAppliance app) => (await app.EventsAsync()).Select(e => e.Sequence).DefaultIfEmpty(0).Max();

    private static string ReadFrom(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        return new StreamReader(stream).ReadToEnd();
    }
}
