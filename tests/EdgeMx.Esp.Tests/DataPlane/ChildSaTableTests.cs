using EdgeMx.Esp.DataPlane;
using EdgeMx.Esp.Sa;
using EdgeMx.Esp.Transform;

namespace EdgeMx.Esp.Tests.DataPlane;

public class ChildSaTableTests
{
    private static readonly byte[] LanToHub = TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.10", 200);
    private static readonly byte[] HubToLan = TestPackets.Ipv4Udp("10.1.0.10", "192.168.50.10", 200);

    [Fact]
    public void Traffic_flows_both_ways_once_a_child_sa_is_installed_on_both_sides()
    {
        using var peers = new TwoPeers();
        var policyAdded = 0;
        peers.Branch.PolicyAdded += _ => policyAdded++;
        var (branchIn, branchOut) = peers.Establish();

        var (verdict, esp, _, target) = TwoPeers.Send(peers.BranchPath, LanToHub);
        Assert.Equal(OutboundVerdict.Send, verdict);
        Assert.Equal(TwoPeers.BranchEndpoints, target!.Endpoints);
        Assert.Equal(branchOut, EspPacket.ReadSpi(esp));
        Assert.Equal(LanToHub, TwoPeers.Receive(peers.HubPath, esp!));

        var back = TwoPeers.Send(peers.HubPath, HubToLan).Esp!;
        Assert.Equal(HubToLan, TwoPeers.Receive(peers.BranchPath, back));

        Assert.Equal(1, policyAdded);
        var status = Assert.Single(peers.Branch.Snapshot());
        Assert.Equal(("hub1", "lan", "installed"), (status.Connection, status.Child, status.State));
        Assert.Equal(branchIn.ToString("x8"), status.InboundSpi);
        Assert.Equal((1, 200 + 28), (status.PacketsIn, status.BytesIn));
        Assert.Equal((1, 200 + 28), (status.PacketsOut, status.BytesOut));
        Assert.Equal("AES_GCM_16-128", status.Suite);
        Assert.Equal("esp-in-udp", status.Encapsulation);
        Assert.Equal(1438, status.TunnelMtu); // 1500 - 20 (IP) - 8 (UDP) - 8 (ESP) - 8 (IV) - 16 (ICV), aligned to 4, - 2
        Assert.Equal(["192.168.50.0/24"], status.LocalSelectors.AsEnumerable());
        Assert.Equal(["10.1.0.0/24"], status.RemoteSelectors.AsEnumerable());
    }

    [Fact]
    public void Packets_no_policy_covers_and_unknown_spis_are_dropped_and_counted()
    {
        using var peers = new TwoPeers();
        peers.Establish();

        Assert.Equal(OutboundVerdict.Drop, TwoPeers.Send(peers.BranchPath, TestPackets.Ipv4Udp("192.168.50.10", "10.9.0.10", 10)).Verdict);
        Assert.Equal(OutboundVerdict.Drop, TwoPeers.Send(peers.BranchPath, TestPackets.Ipv4Udp("192.168.77.10", "10.1.0.10", 10)).Verdict);
        Assert.Equal(OutboundVerdict.Drop, TwoPeers.Send(peers.BranchPath, [0x45, 0, 0]).Verdict);
        Assert.Equal(2, peers.BranchPath.Counters.Drops[EspDropReason.NoPolicy]);
        Assert.Equal(1, peers.BranchPath.Counters.Drops[EspDropReason.BadInnerPacket]);

        var esp = TwoPeers.Send(peers.BranchPath, LanToHub).Esp!;
        esp[3] ^= 0xFF; // wrong SPI
        Assert.Null(TwoPeers.Receive(peers.HubPath, esp));
        Assert.Null(TwoPeers.Receive(peers.HubPath, [1, 2, 3]));
        Assert.Equal(1, peers.HubPath.Counters.Drops[EspDropReason.UnknownSpi]);
        Assert.Equal(1, peers.HubPath.Counters.Drops[EspDropReason.Malformed]);
        Assert.Equal(0, peers.HubPath.Counters.PacketsIn);
    }

    [Fact]
    public void A_rekey_is_make_before_break_and_loses_nothing_in_flight()
    {
        using var peers = new TwoPeers();
        var old = peers.Establish();
        // Packets sealed with the old SA and still on the wire while both sides rekey...
        var inFlight = Enumerable.Range(0, 20).Select(_ => TwoPeers.Send(peers.BranchPath, LanToHub).Esp!).ToList();
        var fresh = peers.Establish(replaces: old);

        // ...new traffic already uses the new SA...
        var after = TwoPeers.Send(peers.BranchPath, LanToHub).Esp!;
        Assert.Equal(fresh.BranchOut, EspPacket.ReadSpi(after));
        // ...and the old packets are still accepted, as the old inbound SA stays until IKE deletes it.
        foreach (var esp in inFlight) Assert.Equal(LanToHub, TwoPeers.Receive(peers.HubPath, esp));
        Assert.Equal(LanToHub, TwoPeers.Receive(peers.HubPath, after));
        Assert.Equal(["rekeyed", "installed"], peers.Branch.Snapshot().Select(s => s.State));

        // IKE deletes the old CHILD_SA: the policy (and its routes) stay, served by the new SA.
        var removed = 0;
        peers.Branch.PolicyRemoved += _ => removed++;
        Assert.True(peers.Branch.Remove(old.BranchIn, old.BranchOut));
        Assert.True(peers.Hub.Remove(old.BranchOut, old.BranchIn));
        Assert.Equal(0, removed);
        Assert.Equal(LanToHub, TwoPeers.Receive(peers.HubPath, TwoPeers.Send(peers.BranchPath, LanToHub).Esp!));
        Assert.Single(peers.Branch.Snapshot());

        // Removing the last SA removes the policy.
        Assert.True(peers.Branch.Remove(fresh.BranchIn, fresh.BranchOut));
        Assert.Equal(1, removed);
        Assert.Equal(OutboundVerdict.Drop, TwoPeers.Send(peers.BranchPath, LanToHub).Verdict);
        Assert.False(peers.Branch.Remove(fresh.BranchIn, fresh.BranchOut)); // idempotent, no throw
    }

    [Fact]
    public void Answering_a_rekey_outbound_stays_on_the_old_sa_until_the_peer_sends_on_the_new_one()
    {
        using var peers = new TwoPeers();
        var old = peers.Establish();
        // The hub initiated the rekey; until our response reaches it, it does not have the new SA ...
        var fresh = peers.Establish(replaces: old, branchAnswersRekey: true);
        Assert.Equal(old.BranchOut, EspPacket.ReadSpi(TwoPeers.Send(peers.BranchPath, LanToHub).Esp!));
        Assert.Equal(["installed", "installed"], peers.Branch.Snapshot().Select(s => s.State));

        // ... a forged packet with the new SPI proves nothing ...
        var forged = TwoPeers.Send(peers.HubPath, HubToLan).Esp!;
        Assert.Equal(fresh.BranchIn, EspPacket.ReadSpi(forged));
        forged[^1] ^= 1;
        Assert.Null(TwoPeers.Receive(peers.BranchPath, forged));
        Assert.Equal(old.BranchOut, EspPacket.ReadSpi(TwoPeers.Send(peers.BranchPath, LanToHub).Esp!));

        // ... the hub's first real packet on it does: it has the SA, outbound follows.
        Assert.Equal(HubToLan, TwoPeers.Receive(peers.BranchPath, TwoPeers.Send(peers.HubPath, HubToLan).Esp!));
        Assert.Equal(fresh.BranchOut, EspPacket.ReadSpi(TwoPeers.Send(peers.BranchPath, LanToHub).Esp!));
        Assert.Equal(["rekeyed", "installed"], peers.Branch.Snapshot().Select(s => s.State));
    }

    [Fact]
    public void Answering_a_rekey_outbound_moves_to_the_new_sa_when_the_peer_deletes_the_old_one()
    {
        using var peers = new TwoPeers();
        var old = peers.Establish();
        var fresh = peers.Establish(replaces: old, branchAnswersRekey: true);
        Assert.True(peers.Branch.Remove(old.BranchIn, old.BranchOut));
        Assert.Equal(fresh.BranchOut, EspPacket.ReadSpi(TwoPeers.Send(peers.BranchPath, LanToHub).Esp!));

        // A later rekey we answer waits again; one we initiate switches at once and ends any wait.
        var third = peers.Establish(replaces: fresh, branchAnswersRekey: true);
        Assert.Equal(fresh.BranchOut, EspPacket.ReadSpi(TwoPeers.Send(peers.BranchPath, LanToHub).Esp!));
        var fourth = peers.Establish(replaces: third);
        Assert.Equal(fourth.BranchOut, EspPacket.ReadSpi(TwoPeers.Send(peers.BranchPath, LanToHub).Esp!));
        Assert.Equal(["rekeyed", "rekeyed", "installed"], peers.Branch.Snapshot().Select(s => s.State));
    }

    [Fact]
    public void Removing_the_new_sa_first_falls_back_to_the_old_one()
    {
        using var peers = new TwoPeers();
        var old = peers.Establish();
        var fresh = peers.Establish(replaces: old);
        peers.Branch.Remove(fresh.BranchIn, fresh.BranchOut);
        Assert.Equal(old.BranchOut, EspPacket.ReadSpi(TwoPeers.Send(peers.BranchPath, LanToHub).Esp!));
    }

    [Fact]
    public void The_most_specific_policy_wins()
    {
        using var peers = new TwoPeers();
        var wide = peers.Establish(remote: "10.0.0.0/8", child: "wide");
        var narrow = peers.Establish(remote: "10.1.0.0/24", child: "narrow");
        Assert.Equal(narrow.BranchOut, EspPacket.ReadSpi(TwoPeers.Send(peers.BranchPath, LanToHub).Esp!));
        Assert.Equal(wide.BranchOut,
            EspPacket.ReadSpi(TwoPeers.Send(peers.BranchPath, TestPackets.Ipv4Udp("192.168.50.10", "10.2.0.10", 10)).Esp!));
    }

    [Fact]
    public void Endpoint_updates_move_outbound_traffic_to_the_new_address()
    {
        using var peers = new TwoPeers();
        var (branchIn, _) = peers.Establish();
        var moved = new EspEndpoints(System.Net.IPEndPoint.Parse("10.0.2.2:4500"), System.Net.IPEndPoint.Parse("203.0.113.11:4500"), true);
        Assert.True(peers.Branch.UpdateEndpoints(branchIn, moved));
        Assert.Equal(moved, TwoPeers.Send(peers.BranchPath, LanToHub).Target!.Endpoints);
        Assert.False(peers.Branch.UpdateEndpoints(0xdead, moved));
    }

    [Fact]
    public void Lifetimes_are_reported_and_a_superseded_sa_does_not_ask_for_another_rekey()
    {
        using var peers = new TwoPeers();
        var lifetime = new EspSaLifetime { SoftBytes = 1_000, HardBytes = 100_000 };
        var old = peers.Establish(lifetime: lifetime);
        Assert.Empty(peers.Branch.CheckLifetimes());
        for (var i = 0; i < 5; i++) TwoPeers.Send(peers.BranchPath, LanToHub);

        var expiry = Assert.Single(peers.Branch.CheckLifetimes());
        Assert.Equal(new EspSaExpiry(old.BranchOut, EspSaDirection.Outbound, false, EspSaExpiryReason.Bytes), expiry);
        Assert.Empty(peers.Branch.CheckLifetimes()); // once

        // IKE rekeys; the old SA keeps receiving and reaches its inbound soft limit: that is reported (IKE may
        // delete it), its outbound side - superseded - is never reported again.
        peers.Establish(replaces: old, lifetime: lifetime);
        for (var i = 0; i < 5; i++)
            TwoPeers.Receive(peers.BranchPath, TwoPeers.Send(peers.HubPath, HubToLan).Esp!);
        var afterRekey = peers.Branch.CheckLifetimes();
        Assert.All(afterRekey, e => Assert.NotEqual(EspSaDirection.Outbound, e.Direction));
    }

    [Fact]
    public void Installing_an_inbound_spi_twice_is_refused_and_changes_nothing()
    {
        using var peers = new TwoPeers();
        var (branchIn, _) = peers.Establish();
        Assert.Throws<InvalidOperationException>(() => peers.Establish(branchInboundSpi: branchIn));
        Assert.Single(peers.Branch.Snapshot());
        Assert.NotNull(peers.Branch.GetStatus(branchIn));
        Assert.Null(peers.Branch.GetStatus(0x42));
    }
}
