using EdgeMx.Core.State;
using EdgeMx.Lab.Tests.Tunnels;
using EdgeMx.Lab.Tests.Uplinks;
using EdgeMx.Testing;
using Xunit.Abstractions;

namespace EdgeMx.Lab.Tests.DataPlane;

/// <summary>
/// CHILD_SA and IKE_SA rekeys (RFC 7296 §2.8, §2.18) while TCP runs both ways between the LAN client and hub1's private
/// host, against strongSwan (kernel-libipsec): rekeys we start because our lifetimes run out, and rekeys the hub starts
/// (swanctl --rekey). Both connections survive, every byte arrives (SHA-256 of what was sent = what was received), new
/// SPIs show in our status and at the hub, the tunnel's counters cover both transfers across the SAs, and our data
/// plane drops no ESP packet for any reason that loses one (unknown SPI, replay, bad ICV, ...): make-before-break holds
/// in both roles on our side. (The hub's side needs charon's per-packet esp log; README says how it was checked.)
/// </summary>
[Collection(LabCollection.Name)]
public sealed class RekeyDuringTransferTests(LabFixture fixture, ITestOutputHelper output)
{
    /// <summary>The shortest lifetime the schema allows; TunnelSettings rekeys it after 102-108 s.</summary>
    private const int ShortLifetimeSeconds = 120;

    private const int BytesPerSecond = 1 << 20;            // per direction: ~8 Mbit/s, light for a loaded machine
    private const long BeforeRekey = 2 << 20;              // traffic flows before the first rekey ...
    private const long AfterRekey = 4 << 20;               // ... and carries on after the last one
    private const long AtLeast = 20 << 20;                 // tens of MB each way in all

    /// <summary>Drop reasons that would mean an ESP packet of the transfer was lost or mangled on our side.</summary>
    private static readonly string[] LossReasons = ["unknownSpi", "replay", "integrityFailure", "badPadding", "noPolicy", "sendFailed", "expired"];

    private Lab Lab => fixture.Lab;

    [Theory]
    [InlineData("edgemx")]     // childLifetimeSeconds and ikeLifetimeSeconds run out: we send both CREATE_CHILD_SAs
    [InlineData("strongswan")] // swanctl --rekey --child private, then --rekey --ike spokes at the hub
    public async Task Rekeys_during_tcp_both_ways_lose_no_connection_and_no_data(string initiator)
    {
        Root.Require();
        var ours = initiator == "edgemx";
        await using var app = await TunnelAppliance.StartAsync(Lab, t =>
        {
            if (!ours) return;
            t["childLifetimeSeconds"] = ShortLifetimeSeconds;
            t["ikeLifetimeSeconds"] = ShortLifetimeSeconds;
        });
        var first = await app.WaitUpAsync();
        var firstChild = first.Children.Single(c => c.State == "INSTALLED");
        var before = (await app.StatusAsync()).DataPlane!;

        var retransmitted = await RetransmittedSegmentsAsync();
        await using var up = await PacedTcpStream.StartAsync(Lab, "lan", Hub.Hub1.PrivateNode, Hub.Hub1.HealthAddress, 5101, BytesPerSecond);
        await using var down = await PacedTcpStream.StartAsync(Lab, Hub.Hub1.PrivateNode, "lan", "192.168.50.10", 5102, BytesPerSecond);
        PacedTcpStream[] streams = [up, down];
        await WaitCarriedAsync(streams, BeforeRekey, "traffic before the rekeys");

        ApplianceState rekeyed;
        if (ours)
        {
            rekeyed = await app.WaitStatusAsync(s => RekeyedChild(s, firstChild) is not null && RekeyedIke(s, first) is not null,
                "our CHILD_SA and IKE_SA rekeys (lifetimes of 120 s)", TimeSpan.FromSeconds(ShortLifetimeSeconds + 60));
        }
        else
        {
            (await Lab.SwanctlAsync(Hub.Hub1, "--rekey", "--child", "private")).EnsureSuccess();
            await app.WaitStatusAsync(s => RekeyedChild(s, firstChild) is not null && s.Hub1()!.Sas.All(sa => sa.Children.Length == 1),
                "the hub's CHILD_SA rekey to complete (new SPIs, the old SA deleted)", TimeSpan.FromSeconds(30));
            (await Lab.SwanctlAsync(Hub.Hub1, "--rekey", "--ike", "spokes")).EnsureSuccess();
            rekeyed = await app.WaitStatusAsync(s => RekeyedChild(s, firstChild) is not null && RekeyedIke(s, first) is not null
                && s.Hub1()!.Sas.Length == 1, "the hub's IKE_SA rekey to complete (new SPIs, the old IKE_SA deleted)", TimeSpan.FromSeconds(30));
        }
        Assert.All(streams, s => Assert.False(s.Faulted, $"{s.Direction} broke during the rekeys"));
        output.WriteLine($"rekeyed after {up.Elapsed.TotalSeconds:0.0} s of transfer: CHILD_SA {firstChild.SpiIn}/{firstChild.SpiOut} → " +
            $"{RekeyedChild(rekeyed, firstChild)!.SpiIn}/{RekeyedChild(rekeyed, firstChild)!.SpiOut}, IKE_SA {first.SpiI} → {RekeyedIke(rekeyed, first)!.SpiI}");
        var carriedAtRekey = streams.Select(s => s.BytesReceived).ToArray();
        await Lab.WaitUntilAsync(() => streams.Select((s, i) => s.BytesReceived >= Math.Max(carriedAtRekey[i] + AfterRekey, AtLeast)).All(x => x),
            TimeSpan.FromSeconds(120), $"{AfterRekey >> 20} MB more each way after the rekeys ({AtLeast >> 20} MB in all)");

        var results = await Task.WhenAll(streams.Select(s => s.StopAsync(TimeSpan.FromSeconds(60))));
        // For the record, not asserted: TCP retransmits in this lab with and without rekeys (charon's socket overflows
        // under bursts, tail loss probes on a loaded machine), so the count says nothing about the rekeys by itself.
        output.WriteLine($"TCP segments retransmitted by the LAN client and the hub's host: {await RetransmittedSegmentsAsync() - retransmitted}");
        foreach (var r in results)
        {
            output.WriteLine(r.ToString());
            Assert.True(r.Sent == r.Received && r.SentSha256 == r.ReceivedSha256, r.ToString());
            Assert.True(r.Received >= AtLeast, r.ToString());
        }

        // The new SAs in our status and at the hub (our outbound SPI is its inbound one, and the other way round).
        var child = RekeyedChild(rekeyed, firstChild)!;
        var ike = RekeyedIke(rekeyed, first)!;
        var hub = await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1);
        Assert.Contains(child.SpiIn, hub);
        Assert.Contains(child.SpiOut, hub);
        Assert.Contains($"{ike.SpiI}_i", hub);
        Assert.Contains($"{ike.SpiR}_r", hub);
        Assert.DoesNotContain($"{first.SpiI}_i", hub);

        var after = await app.WaitStatusAsync(s => s.Hub1()!.Counters is { } c
                && c.BytesOut >= results[0].Received && c.BytesIn >= results[1].Received,
            "the tunnel's counters to cover both transfers across the rekeys", TimeSpan.FromSeconds(15));
        var counters = after.Hub1()!.Counters!;
        Assert.True(counters.ChildRekeys >= 1 && counters.IkeRekeys >= 1, $"rekeys counted: {counters}");
        var lost = LossReasons.Select(r => (Reason: r, Count: after.DataPlane!.Drops.GetValueOrDefault(r) - before.Drops.GetValueOrDefault(r)))
            .Where(x => x.Count != 0).ToList();
        Assert.True(lost.Count == 0, $"ESP dropped during the rekeys: {string.Join(", ", lost)}; all drops now: {string.Join(", ", after.DataPlane!.Drops)}");
        Assert.True(await TunnelAppliance.LanReachesHub1Async(Lab), "the tunnel carries traffic after the rekeys");
    }

    /// <summary>An INSTALLED CHILD_SA of hub1 with other SPIs than <paramref name="old"/>, under an ESTABLISHED IKE_SA.</summary>
    private static ChildSaStatus? RekeyedChild(ApplianceState s, ChildSaStatus old) =>
        s.Hub1()?.Sas.Where(sa => sa.State == "ESTABLISHED").SelectMany(sa => sa.Children)
            .FirstOrDefault(c => c.State == "INSTALLED" && c.SpiIn != old.SpiIn && c.SpiOut != old.SpiOut);

    /// <summary>An ESTABLISHED IKE_SA of hub1 with other SPIs than <paramref name="old"/>.</summary>
    private static IkeSaStatus? RekeyedIke(ApplianceState s, IkeSaStatus old) =>
        s.Hub1()?.Sas.FirstOrDefault(sa => sa.State == "ESTABLISHED" && sa.SpiI != old.SpiI && sa.SpiR != old.SpiR);

    /// <summary>RetransSegs of /proc/net/snmp (per namespace) in the LAN client and the hub's private host, summed.</summary>
    private async Task<long> RetransmittedSegmentsAsync()
    {
        long total = 0;
        foreach (var node in new[] { "lan", Hub.Hub1.PrivateNode })
        {
            var lines = (await Lab.RunAsync(node, "cat /proc/net/snmp")).EnsureSuccess().StdOut.Split('\n').Where(l => l.StartsWith("Tcp:", StringComparison.Ordinal)).ToList();
            var column = Array.IndexOf(lines[0].Split(' '), "RetransSegs");
            total += long.Parse(lines[1].Split(' ')[column]);
        }
        return total;
    }

    private static Task WaitCarriedAsync(IReadOnlyList<PacedTcpStream> streams, long bytes, string what) =>
        Lab.WaitUntilAsync(() =>
        {
            foreach (var s in streams)
                if (s.Faulted) throw new InvalidOperationException($"{s.Direction} broke while waiting for {what}");
            return streams.All(s => s.BytesReceived >= bytes);
        }, TimeSpan.FromSeconds(60), $"{what}: {bytes >> 20} MB each way");
}
