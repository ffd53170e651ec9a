using EdgeMx.Core.State;
using EdgeMx.Lab.Tests.Uplinks;
using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Tunnels;

/// <summary>
/// Rekeys EdgeMx starts by itself when its lifetimes run out, against strongSwan hub1 (whose own lifetimes are hours,
/// so every rekey here is ours). With the smallest lifetimes the configuration allows (120 s for both SAs: rekeyed
/// 120 s − 12 s − up to 6 s of jitter after they were made) the appliance rekeys the CHILD_SA and the IKE_SA two
/// cycles running while a ping keeps going: new SPIs each time, the hub follows and keeps exactly one IKE_SA and one
/// CHILD_SA, the events name old and new SPIs, our counters count the rekeys and never go backwards, and the ping
/// loses (almost) nothing.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LifetimeRekeyTests(LabFixture fixture)
{
    /// <summary>The smallest IKE and CHILD_SA lifetime the configuration accepts (tunnels.schema.json).</summary>
    private const int Lifetime = 120;

    private const int Cycles = 2;

    private Lab Lab => fixture.Lab;

    [Fact]
    public async Task EdgeMx_rekeys_both_SAs_on_its_own_lifetimes_and_the_hub_keeps_one_of_each_with_traffic_flowing()
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab, t =>
        {
            t["ikeLifetimeSeconds"] = Lifetime;
            t["childLifetimeSeconds"] = Lifetime;
        });
        var sa = await app.WaitUpAsync();
        var child = sa.Children.Single(c => c.State == "INSTALLED");
        // Soft lifetime: a tenth of the lifetime before it, minus up to a twentieth of jitter (TunnelSettings.Lifetime).
        AssertRekeyCountdown(sa.RekeyInSeconds, "IKE_SA");
        AssertRekeyCountdown(child.RekeyInSeconds, "CHILD_SA");
        var seenIke = new HashSet<string> { sa.SpiI, sa.SpiR };
        var seenChild = new HashSet<string> { child.SpiIn, child.SpiOut };
        var after = await LastSequenceAsync(app);

        await using var ping = LanPing.Start(Lab, Hub.Hub1.HealthAddress, TimeSpan.FromMilliseconds(200));
        await ping.WaitForRepliesAsync(5, TimeSpan.FromSeconds(20), "the ping through the tunnel to be answered");
        // What is lost from here on is lost to the rekeys (in one run the very first request, before any rekey, was).
        var warmedUp = ping.LastSequence;
        var counters = new CounterWatch();

        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            var previous = (Sa: sa, Child: child);
            // Both rekeys are due about the same time (each 102-108 s after its SA was made); wait for both to be
            // done and the old SAs gone on our side.
            var state = await app.WaitStatusAsync(s =>
                {
                    counters.Note(s);
                    return s.Hub1() is { Sas.Length: 1 } t && t.Sas[0] is { State: "ESTABLISHED", Rekeys: var r } x && r == cycle
                        && x.Children is [{ State: "INSTALLED" } c] && c.SpiIn != previous.Child.SpiIn;
                },
                $"rekey cycle {cycle}: the IKE_SA and the CHILD_SA rekeyed by us, the old ones gone",
                TimeSpan.FromSeconds(Lifetime + 20));
            sa = state.EstablishedSa()!;
            child = sa.Children.Single();
            Assert.True(sa.Initiator, "we started the IKE_SA rekey, so we are the new SA's initiator");
            Assert.True(seenIke.Add(sa.SpiI) && seenIke.Add(sa.SpiR), $"cycle {cycle}: new IKE SPIs");
            Assert.True(seenChild.Add(child.SpiIn) && seenChild.Add(child.SpiOut), $"cycle {cycle}: new CHILD_SA SPIs");
            Assert.Equal(previous.Sa.Proposal, sa.Proposal);
            Assert.Equal(previous.Child.Proposal, child.Proposal);
            AssertRekeyCountdown(sa.RekeyInSeconds + sa.EstablishedSeconds, "the rekeyed IKE_SA");
            AssertRekeyCountdown(child.RekeyInSeconds + child.InstalledSeconds, "the rekeyed CHILD_SA");
            Assert.Equal(cycle, state.Hub1()!.Counters!.IkeRekeys);
            Assert.Equal(cycle, state.Hub1()!.Counters!.ChildRekeys);

            var events = (await app.EventsAsync()).Where(e => e.Sequence > after).ToList();
            Assert.Contains(events, e => e.Type == "vpn.ike.rekeyed"
                && e.Message.Contains($"{previous.Sa.SpiI}_i {previous.Sa.SpiR}_r -> {sa.SpiI}_i {sa.SpiR}_r", StringComparison.Ordinal));
            Assert.Contains(events, e => e.Type == "vpn.child.rekeyed" && e.Message.Contains($"{child.SpiIn}_i {child.SpiOut}_o", StringComparison.Ordinal));
            Assert.Contains(events, e => e.Type == "vpn.child.deleted" && e.Details!["spi_in"] == previous.Child.SpiIn
                && e.Details["reason"] == "replaced by a rekey");
            // Rekeys, not a reconnect: nothing was torn down or established from scratch.
            Assert.DoesNotContain(events, e => e.Type is "vpn.ike.deleted" or "vpn.ike.established" or "vpn.ike.dead-peer" or "vpn.ike.no-response");

            // The hub followed: it holds the new IKE_SA (we are its initiator) and the new CHILD_SA, nothing else.
            var hub = await HubSas.WaitHoldsOnlyAsync(Lab, Hub.Hub1, sa, child, $"rekey cycle {cycle}: the hub to hold exactly the new IKE_SA and CHILD_SA");
            Assert.Contains($"{sa.SpiI}_i {sa.SpiR}_r*", hub);
            await ping.WaitForRepliesAsync(5, TimeSpan.FromSeconds(20), $"the ping to be answered after rekey cycle {cycle}");
        }

        await ping.StopAsync();
        var lost = ping.Unanswered.Where(seq => seq > warmedUp).ToList();
        Assert.True(lost.Count <= 2,
            $"the ping lost {lost.Count} of {ping.LastSequence - warmedUp} requests over {Cycles} rekey cycles (icmp_seq {string.Join(", ", lost)})");
        Assert.True(counters.Decreases.Count == 0, $"the tunnel's counters went backwards: {string.Join("; ", counters.Decreases)}");
    }

    private static void AssertRekeyCountdown(long? seconds, string what) =>
        Assert.InRange(seconds ?? -1, Lifetime - Lifetime / 10 - Lifetime / 20 - 4, Lifetime - Lifetime / 10);

    private static async Task<long> LastSequenceAsync(LabAppliance app) => (await app.EventsAsync()).Select(e => e.Sequence).DefaultIfEmpty(0).Max();

    /// <summary>The tunnel's counters are totals since the appliance started: they must never go down.</summary>
    private sealed class CounterWatch
    {
        private TunnelCounters? _last;

        public List<string> Decreases { get; } = [];

        public void Note(ApplianceState state)
        {
            if (state.Hub1()?.Counters is not { } now) return;
            if (_last is { } last && (now.PacketsIn < last.PacketsIn || now.PacketsOut < last.PacketsOut || now.BytesIn < last.BytesIn
                    || now.BytesOut < last.BytesOut || now.IkeRekeys < last.IkeRekeys || now.ChildRekeys < last.ChildRekeys))
                Decreases.Add($"{last} -> {now}");
            _last = now;
        }
    }
}
