using System.Text.Json.Nodes;
using EdgeMx.Appliance.Cli;
using EdgeMx.Appliance.Control;
using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Tunnels;

/// <summary>
/// A configuration reload without a restart, against the strongSwan hubs: the appliance runs two tunnels (hub1 and
/// hub2); the reloaded file changes hub1's ESP proposal and leaves hub2 as it was. hub1 is torn down with DELETE
/// (the hub drops the old SA at once) and comes up again with the new proposal; hub2 keeps its SAs untouched.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ReloadTests(LabFixture fixture)
{
    private Lab Lab => fixture.Lab;

    [Fact]
    public async Task A_reload_re_establishes_the_changed_tunnel_and_leaves_the_other_alone()
    {
        Root.Require();
        void TwoTunnels(JsonObject root, string hub1Esp)
        {
            root.Remove("telemetry");
            var tunnels = root["tunnels"]!.AsArray();
            tunnels[0]!["espProposals"] = hub1Esp;
            var hub2 = tunnels[0]!.DeepClone().AsObject();
            hub2["name"] = "hub2";
            hub2["peer"] = Hub.Hub2.PublicAddress;
            hub2["remoteId"] = new JsonObject { ["type"] = "fqdn", ["value"] = Hub.Hub2.Id };
            hub2["pskFile"] = Lab.PskFile(Hub.Hub2);
            hub2["remoteSubnets"] = new JsonArray(Hub.Hub2.PrivateSubnet);
            hub2["espProposals"] = "aes256gcm16";
            tunnels.Add((JsonNode)hub2);
        }
        var directory = Uplinks.LabAppliance.NewDirectory(Lab);
        var config = LabConfigFile.Write(Lab, directory, r => TwoTunnels(r, "aes256gcm16"));
        await using var app = await Uplinks.LabAppliance.StartAsync(Lab, config, directory);
        var state = await app.WaitStatusAsync(s => s.Tunnels.Length == 2 && s.Tunnels.All(t => t is { Phase1Up: true, Phase2Up: true }),
            "both tunnels up", TunnelAppliance.UpDeadline);
        var hub1Before = state.Hub1()!.Sas.Single();
        var hub2Before = state.Tunnels.Single(t => t.Name == "hub2").Sas.Single();
        Assert.StartsWith("AES_GCM_16_256", hub1Before.Children.Single().Proposal);
        var after = (await app.EventsAsync()).Max(e => e.Sequence);

        LabConfigFile.Write(Lab, directory, r => TwoTunnels(r, "aes128-sha256"));
        await ReloadAsync(app);

        var reconfigured = await app.WaitForEventAsync("vpn.tunnel.reconfigured", TimeSpan.FromSeconds(15), after);
        Assert.Equal("hub1", reconfigured.Subject);
        Assert.Equal("espProposals", reconfigured.Details!["changed"]);
        state = await app.WaitStatusAsync(s => s.Hub1()!.Sas is [{ State: "ESTABLISHED" } sa] && sa.SpiI != hub1Before.SpiI
                && sa.Children.Any(c => c.State == "INSTALLED"),
            "hub1 re-established (alone, the old SA deleted)", TimeSpan.FromSeconds(30));
        var hub1After = state.Hub1()!.Sas.Single();
        Assert.StartsWith("AES_CBC_128/HMAC_SHA2_256_128", hub1After.Children.Single().Proposal);

        // The hub was told: it holds the new SA only, with the new proposal.
        var hub1Sas = await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1);
        Assert.DoesNotContain(hub1Before.SpiI, hub1Sas);
        Assert.Contains($"{hub1After.SpiI}_i {hub1After.SpiR}_r*", hub1Sas);
        Assert.Contains("ESP:AES_CBC-128/HMAC_SHA2_256_128", hub1Sas);
        var events = (await app.EventsAsync()).Where(e => e.Sequence > after).ToList();
        var deleted = events.Single(e => e.Type == "vpn.ike.deleted");
        Assert.Equal("hub1", deleted.Subject);
        Assert.Contains("the tunnel's configuration changed", deleted.Message);

        // hub2 untouched: same SAs, nothing in the log about it, still carrying traffic.
        var hub2After = state.Tunnels.Single(t => t.Name == "hub2").Sas.Single();
        Assert.Equal(hub2Before.SpiI, hub2After.SpiI);
        Assert.Equal(hub2Before.Children.Single().SpiIn, hub2After.Children.Single().SpiIn);
        Assert.DoesNotContain(events, e => e.Subject == "hub2" && e.Category == Core.Events.EventCategory.Vpn);
        Assert.Contains(hub2Before.SpiI, await TunnelAppliance.HubSasAsync(Lab, Hub.Hub2));

        await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub1.HealthAddress, "traffic through hub1 with the new proposal");
        await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub2.HealthAddress, "traffic through the untouched tunnel to hub2");
    }

    [Fact]
    public async Task A_reload_after_the_key_in_the_psk_file_changed_re_establishes_with_the_new_key()
    {
        Root.Require();
        // The tunnel's own key file, a copy of hub1's key; the configuration itself never changes.
        var keys = Directory.CreateDirectory(Path.Combine(Lab.StateDir, "rotated-psk")).FullName;
        var psk = Path.Combine(keys, "hub1.psk");
        File.WriteAllText(psk, Lab.ReadPsk(Hub.Hub1) + "\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(psk, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var app = await TunnelAppliance.StartAsync(Lab, t => t["pskFile"] = psk);
        var before = await app.WaitUpAsync();
        var after = (await app.EventsAsync()).Max(e => e.Sequence);

        // The hub moves to a new key (hub2's, via @PSK2@; its SAs stay), then the branch gets it in its file.
        var rotated = Path.Combine(Lab.StateDir, "hub1-rotated.conf");
        await File.WriteAllTextAsync(rotated, File.ReadAllText(Path.Combine(RepoPaths.Root, "tools", "lab", "hub", "swanctl.conf.in"))
            .Replace("secret = \"@PSK@\"", "secret = \"@PSK2@\"", StringComparison.Ordinal));
        try
        {
            await Lab.HubConfigAsync(Hub.Hub1, rotated);
            File.WriteAllText(psk, Lab.ReadPsk(Hub.Hub2) + "\n");
            Assert.True(app.Process.Reload()); // SIGHUP

            var reconfigured = await app.WaitForEventAsync("vpn.tunnel.reconfigured", TimeSpan.FromSeconds(15), after);
            Assert.Equal("the key in pskFile", reconfigured.Details!["changed"]);
            var sa = await app.WaitStatusAsync(s => s.EstablishedSa() is { } x && x.SpiI != before.SpiI && x.Children.Any(c => c.State == "INSTALLED"),
                "hub1 re-established with the new key", TimeSpan.FromSeconds(30));
            Assert.DoesNotContain(await app.EventsAsync(), e => e.Sequence > after && e.Type == "vpn.ike.auth-failed");
            Assert.DoesNotContain(before.SpiI, await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1));
            // The keys appear nowhere.
            var log = app.Process.ReadLog();
            var events = string.Join("\n", (await app.EventsAsync()).Select(e => e.Message + e.Check + string.Join(",", e.Details?.Values ?? [])));
            foreach (var key in new[] { Lab.ReadPsk(Hub.Hub1), Lab.ReadPsk(Hub.Hub2) })
            {
                Assert.DoesNotContain(key, log);
                Assert.DoesNotContain(key, events);
            }
            await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub1.HealthAddress, "traffic through the tunnel with the rotated key");
        }
        finally
        {
            await Lab.HubConfigDefaultAsync(Hub.Hub1);
        }
    }

    /// <summary>`edgemx config reload`: the control socket's reload request (what SIGHUP also does).</summary>
    private static async Task ReloadAsync(Uplinks.LabAppliance app)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var client = await ControlClient.ConnectAsync(app.Socket, deadline.Token);
        var response = await client.RequestAsync(new ControlRequest { Type = ControlRequest.Reload }, deadline.Token);
        Assert.True(response.Ok, $"reload refused: {response.Error}");
    }
}
