using System.Buffers.Binary;
using System.Net;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Esp.Ip;
using EdgeMx.Esp.Transform;

namespace EdgeMx.Esp.Tests.DataPlane;

/// <summary>MTU, DF, ICMP "fragmentation needed" / "packet too big" and MSS clamping on the user-space packet path.</summary>
public class EspPacketPathTests
{
    [Fact]
    public void An_oversize_df_packet_gets_fragmentation_needed_with_the_tunnel_mtu_from_the_lan_address()
    {
        using var peers = new TwoPeers();
        peers.Establish();
        var big = TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.10", 1439 - 28, dontFragment: true); // 1439 > 1438

        var (verdict, _, reply, _) = TwoPeers.Send(peers.BranchPath, big);

        Assert.Equal(OutboundVerdict.Reply, verdict);
        Assert.True(IpPacket.TryParse(reply, out var icmp));
        Assert.Equal(IpPacket.ToNumber(IPAddress.Parse("192.168.50.1")), icmp.Source);
        Assert.Equal(IpPacket.ToNumber(IPAddress.Parse("192.168.50.10")), icmp.Destination);
        Assert.Equal(IpPacket.ProtocolIcmp, icmp.Protocol);
        Assert.Equal((3, 4), (reply![20], reply[21])); // destination unreachable, fragmentation needed and DF set
        Assert.Equal(1438, BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(26)));
        Assert.Equal(0, InternetChecksum.Compute(reply.AsSpan(0, 20)));
        Assert.Equal(0, InternetChecksum.Compute(reply.AsSpan(20)));
        Assert.Equal(big.AsSpan(0, 28).ToArray(), reply.AsSpan(28, 28).ToArray()); // quotes the offending header and more
        Assert.Equal(1, peers.BranchPath.Counters.IcmpErrorsSent);
        Assert.Equal(1, peers.BranchPath.Counters.Drops[EspDropReason.TooBig]);

        // One octet less fits and is carried.
        var fits = TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.10", 1438 - 28, dontFragment: true);
        var sent = TwoPeers.Send(peers.BranchPath, fits);
        Assert.Equal(OutboundVerdict.Send, sent.Verdict);
        Assert.True(sent.Esp!.Length + 28 <= 1500);
    }

    [Fact]
    public void An_oversize_packet_without_df_is_carried_for_the_kernel_to_fragment_outside()
    {
        using var peers = new TwoPeers();
        peers.Establish();
        var big = TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.10", 1472);
        var sent = TwoPeers.Send(peers.BranchPath, big);
        Assert.Equal(OutboundVerdict.Send, sent.Verdict);
        Assert.Equal(big, TwoPeers.Receive(peers.HubPath, sent.Esp!));
    }

    [Fact]
    public void An_oversize_ipv6_packet_gets_packet_too_big()
    {
        using var peers = new TwoPeers(branchOptions: new EspPathOptions
        {
            LanAddresses = [IPAddress.Parse("192.168.50.1"), IPAddress.Parse("fe80::1"), IPAddress.Parse("fd00:50::1")],
        });
        peers.Establish(local: "fd00:50::/64", remote: "fd00:1::/64");
        var big = TestPackets.Ipv6Udp("fd00:50::10", "fd00:1::10", 1400);

        var (verdict, _, reply, _) = TwoPeers.Send(peers.BranchPath, big);

        Assert.Equal(OutboundVerdict.Reply, verdict);
        Assert.True(IpPacket.TryParse(reply, out var icmp));
        Assert.Equal(IpPacket.ToNumber(IPAddress.Parse("fd00:50::1")), icmp.Source); // not the link-local one
        Assert.Equal(IpPacket.ProtocolIcmpV6, icmp.Protocol);
        Assert.Equal(2, reply![40]);
        // IPv6 inside, IPv4 outside: 1500 - 20 - 8 - 32 (ESP header, IV, ICV) - 2 = 1438.
        Assert.Equal(1438u, BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(44)));
        var sum = InternetChecksum.Ipv6PseudoHeader(reply.AsSpan(8, 16), reply.AsSpan(24, 16), reply.Length - 40, 58);
        Assert.Equal(0, InternetChecksum.Finish(InternetChecksum.Add(sum, reply.AsSpan(40))));
    }

    [Fact]
    public void Icmp_errors_are_rate_limited_and_never_sent_about_icmp_errors()
    {
        using var peers = new TwoPeers(branchOptions: new EspPathOptions
        {
            LanAddresses = [IPAddress.Parse("192.168.50.1")], IcmpErrorsPerSecond = 5,
        });
        peers.Establish();
        var big = TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.10", 1450, dontFragment: true);
        var verdicts = Enumerable.Range(0, 8).Select(_ => TwoPeers.Send(peers.BranchPath, big).Verdict).ToList();
        Assert.Equal(5, verdicts.Count(v => v == OutboundVerdict.Reply));
        Assert.Equal(3, verdicts.Count(v => v == OutboundVerdict.Drop));
        peers.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(OutboundVerdict.Reply, TwoPeers.Send(peers.BranchPath, big).Verdict);

        // An ICMP error (type 3) that is itself too big is dropped without an answer (RFC 1122 §3.2.2).
        var icmpError = TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.10", 1450, dontFragment: true);
        icmpError[9] = IpPacket.ProtocolIcmp;
        icmpError[20] = 3;
        TestPackets.WriteIpv4Checksum(icmpError);
        peers.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(OutboundVerdict.Drop, TwoPeers.Send(peers.BranchPath, icmpError).Verdict);
    }

    [Fact]
    public void Syn_mss_is_clamped_in_both_directions_with_a_valid_checksum()
    {
        using var peers = new TwoPeers();
        peers.Establish();

        var syn = TestPackets.Ipv4TcpSyn("192.168.50.10", "10.1.0.10", mss: 1460);
        var atHub = TwoPeers.Receive(peers.HubPath, TwoPeers.Send(peers.BranchPath, syn).Esp!)!;
        Assert.Equal(1360, BinaryPrimitives.ReadUInt16BigEndian(atHub.AsSpan(42))); // the configured `adjust-mss 1360`
        Assert.Equal(0, TestPackets.TransportChecksum(atHub, 20));

        // The hub's SYN-ACK has its own MSS; the hub clamps nothing, the branch clamps it on the way in.
        var synAck = TestPackets.Ipv4TcpSyn("10.1.0.10", "192.168.50.10", mss: 1460, ack: true);
        var atLan = TwoPeers.Receive(peers.BranchPath, TwoPeers.Send(peers.HubPath, synAck).Esp!)!;
        Assert.Equal(1360, BinaryPrimitives.ReadUInt16BigEndian(atLan.AsSpan(42)));
        Assert.Equal(0, TestPackets.TransportChecksum(atLan, 20));
        Assert.Equal(2, peers.BranchPath.Counters.MssClamped);
        Assert.Equal(0, peers.HubPath.Counters.MssClamped);
    }

    [Fact]
    public void A_small_tunnel_mtu_clamps_below_the_configured_mss_and_small_mss_values_are_left_alone()
    {
        using var peers = new TwoPeers(uplinkMtu: 1280);
        peers.Establish();
        var syn = TestPackets.Ipv4TcpSyn("192.168.50.10", "10.1.0.10", mss: 1460);
        var atHub = TwoPeers.Receive(peers.HubPath, TwoPeers.Send(peers.BranchPath, syn).Esp!)!;
        Assert.Equal(1218 - 40, BinaryPrimitives.ReadUInt16BigEndian(atHub.AsSpan(42))); // tunnel MTU 1218

        var small = TestPackets.Ipv4TcpSyn("192.168.50.10", "10.1.0.10", mss: 536);
        var unchanged = TwoPeers.Receive(peers.HubPath, TwoPeers.Send(peers.BranchPath, small).Esp!)!;
        Assert.Equal(small, unchanged);
    }
}
