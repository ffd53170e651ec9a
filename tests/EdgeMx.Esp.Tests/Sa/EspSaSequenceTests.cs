using EdgeMx.Esp.Sa;
using EdgeMx.Esp.Transform;

namespace EdgeMx.Esp.Tests.Sa;

/// <summary>Sequence numbers: no cycling (RFC 4303 §3.3.3), a soft expiry before the hard stop, ESN across 2^32.</summary>
public class EspSaSequenceTests
{
    private static readonly byte[] Inner = TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.10", 40);
    private static readonly EspCipherSuite Gcm = new(EspEncryption.AesGcm16, 128);

    [Fact]
    public void Without_esn_the_counter_stops_at_2_pow_32_minus_1_and_forces_a_rekey()
    {
        using var pair = new SaPair(Gcm);
        pair.Outbound.SetNextSequenceForTest(uint.MaxValue - 1);

        Assert.NotNull(pair.Seal(Inner, out _));
        Assert.NotNull(pair.Seal(Inner, out _)); // 2^32 - 1: the last number there is
        Assert.Null(pair.Seal(Inner, out var reason));
        Assert.Null(pair.Seal(Inner, out _));

        Assert.Equal(EspDropReason.SequenceExhausted, reason);
        Assert.Equal(2, pair.Outbound.Drops[EspDropReason.SequenceExhausted]);
        Assert.Equal(new EspSaExpiry(SaPair.Spi, EspSaDirection.Outbound, Hard: true, EspSaExpiryReason.SequenceNumbers),
            pair.Outbound.CheckLifetime());
        Assert.Null(pair.Outbound.CheckLifetime()); // reported once
        Assert.Equal(EspSaLifetimeState.HardExpired, pair.Outbound.State);
    }

    [Fact]
    public void A_soft_expiry_asks_for_a_rekey_long_before_the_counter_runs_out()
    {
        using var pair = new SaPair(Gcm);
        Assert.NotNull(pair.Seal(Inner, out _));
        Assert.Null(pair.Outbound.CheckLifetime());

        pair.Outbound.SetNextSequenceForTest(uint.MaxValue - (uint.MaxValue >> 4) + 1);
        Assert.NotNull(pair.Seal(Inner, out _));

        Assert.Equal(new EspSaExpiry(SaPair.Spi, EspSaDirection.Outbound, Hard: false, EspSaExpiryReason.SequenceNumbers),
            pair.Outbound.CheckLifetime());
        Assert.Null(pair.Outbound.CheckLifetime());
        Assert.Equal(EspSaLifetimeState.SoftExpired, pair.Outbound.State);
        Assert.NotNull(pair.Seal(Inner, out _)); // soft: still carries traffic
    }

    [Fact]
    public void With_esn_the_receiver_follows_the_sender_across_2_pow_32()
    {
        using var pair = new SaPair(Gcm, esn: true);
        // Both ends of a long-lived SA just before the 32-bit boundary: the receiver has seen up to 0xFFFFFEFF.
        pair.Outbound.SetNextSequenceForTest(0xFFFF_FF00);
        pair.Inbound.AcceptForTest(0xFFFF_FEFF);
        var packets = Enumerable.Range(0, 512).Select(_ => pair.Seal(Inner)).ToList();

        // The low 32 bits on the wire wrap; the high bits live only in the ICV.
        Assert.Equal(0xFFFF_FF00u, EspPacket.ReadSequence(packets[0]));
        Assert.Equal(0x0000_0100u, EspPacket.ReadSequence(packets[^1]) + 1);
        // Delivered slightly out of order, they all authenticate with the inferred high bits.
        for (var i = 0; i < packets.Count; i += 2)
        {
            if (i + 1 < packets.Count) Assert.NotNull(pair.Open(packets[i + 1], out _));
            Assert.NotNull(pair.Open(packets[i], out _));
        }
        Assert.Equal(0x1_0000_00FFUL, pair.Inbound.HighestSequence);
        Assert.Equal(512, pair.Inbound.Packets);
        // And an old packet from before the boundary is still recognised as a replay, not mistaken for a new one.
        Assert.Null(pair.Open(packets[300], out var reason));
        Assert.Equal(EspDropReason.Replay, reason);
    }

    [Fact]
    public void With_esn_a_packet_claiming_the_previous_subspace_at_the_start_is_dropped()
    {
        using var pair = new SaPair(Gcm, esn: true);
        pair.Outbound.SetNextSequenceForTest(0xFFFF_FFF0);
        var early = pair.Seal(Inner);
        Assert.Null(pair.Open(early, out var reason));
        // A fresh receiver (top 0) cannot place 0xFFFFFFF0 before 0; the packet is too old or forged.
        Assert.Equal(EspDropReason.Replay, reason);
    }

    [Fact]
    public void With_esn_the_counter_may_pass_2_pow_32_without_a_rekey()
    {
        using var pair = new SaPair(Gcm, esn: true);
        pair.Outbound.SetNextSequenceForTest(uint.MaxValue);
        Assert.NotNull(pair.Seal(Inner, out _));
        Assert.NotNull(pair.Seal(Inner, out _));
        Assert.Equal(0x1_0000_0001UL, pair.Outbound.NextSequence);
        Assert.Null(pair.Outbound.CheckLifetime());
    }
}
