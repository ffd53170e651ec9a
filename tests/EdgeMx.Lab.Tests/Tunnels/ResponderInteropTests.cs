using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Tunnels;

/// <summary>
/// strongSwan (hub1) as the initiator towards the EdgeMx responder: the appliance runs tunnel hub1 with
/// startAction "listen" and exactly the combination's proposals; the hub initiates (`swanctl --initiate`). Ten
/// combinations straight to wan1 (AEAD and CBC+HMAC, DH groups 2, 14, 15, 19, 20, 31) and two through ISP 2's NAT
/// (a port-forward of UDP 500/4500 to wan2: the hub initiates to 203.0.113.2, we detect that our address was
/// translated). Each is checked in our status (we are the responder, algorithms as negotiated), at the hub
/// (`swanctl --list-sas`) and by traffic; where the ESP proposal carries a group (PFS) the hub also rekeys the
/// CHILD_SA, which must bring new SPIs with the group on both sides and keep the traffic flowing.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ResponderInteropTests(LabFixture fixture, InitiatingHub hub) : IClassFixture<InitiatingHub>
{
    private Lab Lab => fixture.Lab;

    public static TheoryData<string> Direct => new(InitiatingHub.Combinations.Where(c => c.Path == Wan.Wan1).Select(c => c.Name));

    public static TheoryData<string> ThroughNat => new(InitiatingHub.Combinations.Where(c => c.Path == Wan.Wan2).Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Direct))]
    public Task strongSwan_initiates_to_our_responder_and_traffic_flows(string combination) => RunAsync(InitiatingHub.Get(combination));

    [Theory]
    [MemberData(nameof(ThroughNat))]
    public async Task strongSwan_initiates_through_the_nat_port_forward_to_our_responder(string combination)
    {
        Root.Require();
        await Lab.ForwardIkeAsync();
        try
        {
            await RunAsync(InitiatingHub.Get(combination));
        }
        finally
        {
            await Lab.UnforwardIkeAsync();
        }
    }

    [Fact]
    public async Task The_initiating_hub_rekeys_and_deletes_and_our_responder_follows()
    {
        Root.Require();
        var c = InitiatingHub.Get("r0");
        await hub.EnsureLoadedAsync(Lab);
        await using var app = await TunnelAppliance.StartAsync(Lab, t =>
        {
            t["startAction"] = "listen";
            t["ikeProposals"] = c.Ike;
            t["espProposals"] = c.Esp;
        });
        await app.WaitListeningAsync(c.Path);
        await TunnelAppliance.HubInitiateAsync(Lab, Hub.Hub1, c.Name);
        var first = await app.WaitUpAsync();
        var child = first.Children.Single(x => x.State == "INSTALLED");
        var after = (await app.EventsAsync()).Max(e => e.Sequence);

        // The hub rekeys the IKE_SA it initiated (it is the initiator of the new one too) and deletes the old one.
        await TunnelAppliance.HubCommandAsync(Lab, Hub.Hub1, "--rekey", "--ike", c.Name);
        var state = await app.WaitStatusAsync(s => s.Hub1() is { Sas.Length: 1 } t && t.Sas[0].State == "ESTABLISHED" && t.Sas[0].SpiI != first.SpiI,
            "the IKE_SA the hub rekeyed, alone", TimeSpan.FromSeconds(20));
        var rekeyed = state.EstablishedSa()!;
        Assert.False(rekeyed.Initiator);
        Assert.Equal(child.SpiIn, rekeyed.Children.Single(x => x.State == "INSTALLED").SpiIn);
        Assert.Contains($"{rekeyed.SpiI}_i* {rekeyed.SpiR}_r", await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1));
        await app.WaitForEventAsync("vpn.ike.rekeyed", TimeSpan.FromSeconds(10), after);
        await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub1.HealthAddress, "traffic after the hub rekeyed our responder's IKE_SA");

        // The hub deletes the CHILD_SA: phase 1 stays; a listener does not create it again, the hub does.
        await TunnelAppliance.HubCommandAsync(Lab, Hub.Hub1, "--terminate", "--child", c.Name);
        var childDeleted = await app.WaitForEventAsync("vpn.child.deleted", TimeSpan.FromSeconds(10), after);
        Assert.Contains("only answers", childDeleted.Check);
        await app.WaitStatusAsync(s => s.Hub1() is { Phase1Up: true, Phase2Up: false }, "phase 1 up, phase 2 down", TimeSpan.FromSeconds(10));
        await TunnelAppliance.HubInitiateAsync(Lab, Hub.Hub1, c.Name); // a new CHILD_SA in the existing IKE_SA
        state = await app.WaitStatusAsync(s => s.InstalledChild() is { } x && x.SpiIn != child.SpiIn && s.Hub1()!.Sas.Length == 1,
            "the CHILD_SA the hub created again, in the same IKE_SA", TimeSpan.FromSeconds(20));
        Assert.Equal(rekeyed.SpiI, state.EstablishedSa()!.SpiI);

        // The hub deletes the IKE_SA: we are down and say that the peer brings it back.
        await TunnelAppliance.HubCommandAsync(Lab, Hub.Hub1, "--terminate", "--ike", c.Name);
        var ikeDeleted = await app.WaitForEventAsync("vpn.ike.deleted", TimeSpan.FromSeconds(10), after);
        Assert.Contains("when the peer initiates again", ikeDeleted.Check);
        await app.WaitStatusAsync(s => s.Hub1() is { Phase1Up: false, Sas.Length: 0 }, "the tunnel down", TimeSpan.FromSeconds(10));
        await TunnelAppliance.HubInitiateAsync(Lab, Hub.Hub1, c.Name);
        var again = await app.WaitUpAsync();
        Assert.NotEqual(rekeyed.SpiI, again.SpiI);
        await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub1.HealthAddress, "traffic after the hub initiated again");
    }

    private async Task RunAsync(HubCombination c)
    {
        Root.Require();
        await hub.EnsureLoadedAsync(Lab);
        await using var app = await TunnelAppliance.StartAsync(Lab, t =>
        {
            t["startAction"] = "listen";
            t["ikeProposals"] = c.Ike;
            t["espProposals"] = c.Esp;
        });
        await app.WaitListeningAsync(c.Path);
        await TunnelAppliance.HubInitiateAsync(Lab, Hub.Hub1, c.Name);

        var sa = await app.WaitUpAsync();
        Assert.False(sa.Initiator, "the hub initiated: we are the responder");
        Assert.Equal(c.ExpectedIke, sa.Proposal);
        Assert.Equal("hub1.lab", sa.RemoteId);
        Assert.StartsWith($"{c.Path.Address}:4500", sa.Local);
        Assert.StartsWith($"{Hub.Hub1.PublicAddress}:4500", sa.Remote);
        // Through ISP 2 our address (10.0.2.2) is not the one the hub sent to (203.0.113.2): NAT seen locally.
        Assert.Equal(c.Path == Wan.Wan2, sa.NatLocal);
        Assert.True(sa.Encapsulated);
        var child = sa.Children.Single(x => x.State == "INSTALLED");
        Assert.StartsWith(c.ExpectedChild, child.Proposal);
        Assert.Equal("192.168.50.0/24", child.LocalTs);
        Assert.Equal("10.1.0.0/24", child.RemoteTs);
        var established = (await app.EventsAsync()).Single(e => e.Type == "vpn.ike.established");
        Assert.Equal("responder", established.Details!["role"]);

        var hubSas = await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1);
        Assert.Contains($"{c.Name}: #", hubSas);
        Assert.Contains("ESTABLISHED", hubSas);
        Assert.Contains($"{sa.SpiI}_i*", hubSas);                  // the hub is the original initiator of this SA
        Assert.Contains($"remote 'branch.lab' @ {c.Target}[4500]", hubSas); // through ISP 2: our public address
        Assert.Contains(c.ExpectedIke.Split('/')[^1], hubSas);
        Assert.Contains($"in  {child.SpiOut}", hubSas);            // our outbound SPI is the hub's inbound

        Assert.True(await TunnelAppliance.LanReachesHub1Async(Lab), $"LAN client → {Hub.Hub1.HealthAddress} through the tunnel the hub initiated");

        if (c.PfsGroup is not { } group) return;
        // PFS shows only in a rekey (IKE_AUTH's CHILD_SA has no KE): the hub rekeys, we answer with a fresh KE.
        await TunnelAppliance.HubCommandAsync(Lab, Hub.Hub1, "--rekey", "--child", c.Name);
        var rekeyed = await app.WaitStatusAsync(s => s.InstalledChild() is { } x && x.SpiIn != child.SpiIn && x.Proposal.Contains(group),
            $"a rekeyed CHILD_SA with PFS group {group}", TimeSpan.FromSeconds(20));
        var newChild = rekeyed.InstalledChild()!;
        Assert.NotEqual(child.SpiOut, newChild.SpiOut);
        await Lab.WaitUntilAsync(async () =>
        {
            var sas = await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1);
            return sas.Contains($"in  {newChild.SpiOut}", StringComparison.Ordinal) && sas.Contains($"/{group}", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10), $"the hub to hold the rekeyed CHILD_SA {newChild.SpiOut} with {group}");
        await TunnelAppliance.WaitLanReachesAsync(Lab, Hub.Hub1.HealthAddress, "traffic through the CHILD_SA the hub rekeyed with PFS");
    }
}
