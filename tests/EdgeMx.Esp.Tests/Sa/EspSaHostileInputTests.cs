using EdgeMx.Esp.Policy;
using EdgeMx.Esp.Transform;

namespace EdgeMx.Esp.Tests.Sa;

/// <summary>Replayed, truncated, tampered and otherwise wrong packets: dropped, counted, never delivered, never thrown.</summary>
public class EspSaHostileInputTests
{
    private static readonly byte[] Inner = TestPackets.Ipv4Udp("10.1.0.10", "192.168.50.10", 100);

    [Theory]
    [MemberData(nameof(SaPair.AllSuites), MemberType = typeof(SaPair))]
    public void A_replayed_packet_is_dropped_and_counted(EspCipherSuite suite)
    {
        using var pair = new SaPair(suite);
        var esp = pair.Seal(Inner);
        Assert.NotNull(pair.Open(esp, out _));

        Assert.Null(pair.Open(esp, out var reason));

        Assert.Equal(EspDropReason.Replay, reason);
        Assert.Equal(1, pair.Inbound.Drops[EspDropReason.Replay]);
        Assert.Equal(1, pair.Inbound.Packets);
    }

    [Theory]
    [MemberData(nameof(SaPair.AllSuites), MemberType = typeof(SaPair))]
    public void Every_truncation_is_dropped_without_an_exception(EspCipherSuite suite)
    {
        using var pair = new SaPair(suite);
        var esp = pair.Seal(Inner);
        for (var length = 0; length < esp.Length; length++)
        {
            Assert.Null(pair.Open(esp[..length], out var reason));
            Assert.True(reason is EspDropReason.Malformed or EspDropReason.IntegrityFailure, $"{length}: {reason}");
        }
        Assert.Equal(esp.Length, pair.Inbound.Drops.Total);
        // The genuine packet still gets through: failed attempts moved nothing.
        Assert.Equal(Inner, pair.Open(esp, out _));
    }

    [Theory]
    [MemberData(nameof(SaPair.AllSuites), MemberType = typeof(SaPair))]
    public void Tampering_with_any_octet_fails_the_icv(EspCipherSuite suite)
    {
        using var pair = new SaPair(suite);
        var esp = pair.Seal(Inner);
        for (var i = 0; i < esp.Length; i++)
        {
            var forged = (byte[])esp.Clone();
            forged[i] ^= 0x20;
            Assert.Null(pair.Open(forged, out var reason));
            // The sequence number octets may turn the forgery into a "replay" of number 0 or an old one; all else is the ICV.
            Assert.True(reason == EspDropReason.IntegrityFailure || i is >= 4 and < 8 && reason == EspDropReason.Replay,
                $"octet {i}: {reason}");
        }
        Assert.Equal(0, pair.Inbound.Packets);
        Assert.Equal(Inner, pair.Open(esp, out _));
    }

    [Fact]
    public void A_forged_packet_with_a_high_sequence_number_does_not_move_the_window()
    {
        // RFC 4303 §3.4.3: the window is updated only after the ICV verified. Otherwise a forgery with sequence
        // number 10^6 would make every genuine packet "too old".
        var suite = new EspCipherSuite(EspEncryption.AesGcm16, 128);
        using var pair = new SaPair(suite);
        var genuine = pair.Seal(Inner);
        var forged = (byte[])genuine.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(forged.AsSpan(4), 1_000_000);

        Assert.Null(pair.Open(forged, out var reason));
        Assert.Equal(EspDropReason.IntegrityFailure, reason);
        Assert.Equal(0UL, pair.Inbound.HighestSequence);
        Assert.Equal(Inner, pair.Open(genuine, out _));
    }

    [Fact]
    public void Packets_sealed_with_another_key_fail_the_icv()
    {
        var suite = new EspCipherSuite(EspEncryption.AesGcm16, 256);
        using var ours = new SaPair(suite);
        using var theirs = new SaPair(suite);
        Assert.Null(ours.Open(theirs.Seal(Inner), out var reason));
        Assert.Equal(EspDropReason.IntegrityFailure, reason);
    }

    [Fact]
    public void Random_garbage_never_throws_and_is_never_delivered()
    {
        var random = new Random(4303);
        foreach (var suite in SaPair.AllSuites().Select(s => (EspCipherSuite)s[0]))
        {
            using var pair = new SaPair(suite);
            for (var i = 0; i < 300; i++)
            {
                var garbage = new byte[random.Next(0, 200)];
                random.NextBytes(garbage);
                Assert.Null(pair.Open(garbage, out var reason));
                Assert.NotEqual(EspDropReason.None, reason);
            }
            Assert.Equal(300, pair.Inbound.Drops.Total);
        }
    }

    [Theory]
    [InlineData("bad padding octets", EspDropReason.BadPadding)]
    [InlineData("pad length beyond the payload", EspDropReason.BadPadding)]
    [InlineData("next header udp", EspDropReason.BadNextHeader)]
    [InlineData("dummy packet", EspDropReason.DummyPacket)]
    [InlineData("next header ipv6 around ipv4", EspDropReason.BadNextHeader)]
    [InlineData("next header ipv4 around garbage", EspDropReason.BadNextHeader)]
    [InlineData("inner packet longer than the payload", EspDropReason.BadNextHeader)]
    public void Authenticated_packets_with_a_bad_trailer_or_inner_packet_are_dropped(string variant, EspDropReason expected)
    {
        // These come from a peer that holds the keys: the ICV verifies, the checks after it must catch them.
        using var pair = new SaPair(new EspCipherSuite(EspEncryption.AesGcm16, 128));
        var inner = Inner.ToList();
        byte[] text = variant switch
        {
            "bad padding octets" => [.. inner, 1, 9, 2, 4],
            "pad length beyond the payload" => [.. inner.Take(2), 0xF0, 4],
            "next header udp" => [.. inner, 1, 2, 2, 17],
            "dummy packet" => [.. inner, 1, 2, 2, 59],
            "next header ipv6 around ipv4" => [.. inner, 1, 2, 2, 41],
            "next header ipv4 around garbage" => [.. Enumerable.Repeat((byte)0xAB, 30), 0, 4],
            _ => [.. inner.Take(60), 0, 4],
        };

        Assert.Null(pair.Open(pair.SealText(text), out var reason));

        Assert.Equal(expected, reason);
        Assert.Equal(1, pair.Inbound.Drops[expected]);
        Assert.Equal(0, pair.Inbound.Packets);
    }

    [Fact]
    public void An_authenticated_packet_with_the_right_trailer_built_by_hand_is_delivered()
    {
        // The control for the test above: the same construction with a good trailer gets through.
        using var pair = new SaPair(new EspCipherSuite(EspEncryption.AesGcm16, 128));
        Assert.Equal(Inner, pair.Open(pair.SealText([.. Inner, 1, 2, 2, 4]), out var reason));
        Assert.Equal(EspDropReason.None, reason);
    }

    [Fact]
    public void Inner_packets_outside_the_traffic_selectors_are_dropped()
    {
        // RFC 4301 §5.2: after decryption, the packet must match the SA's selectors - a hub may not inject traffic
        // from addresses it did not negotiate, nor to addresses outside our side's selector.
        using var pair = new SaPair(new EspCipherSuite(EspEncryption.AesGcm16, 128),
            remote: [TrafficSelector.FromPrefix("10.1.0.0/24")], local: [TrafficSelector.FromPrefix("192.168.50.0/24")]);

        Assert.NotNull(pair.Open(pair.Seal(TestPackets.Ipv4Udp("10.1.0.10", "192.168.50.10", 10)), out _));
        Assert.Null(pair.Open(pair.Seal(TestPackets.Ipv4Udp("10.9.0.10", "192.168.50.10", 10)), out var spoofedSource));
        Assert.Null(pair.Open(pair.Seal(TestPackets.Ipv4Udp("10.1.0.10", "192.168.99.10", 10)), out var elsewhere));
        Assert.Null(pair.Open(pair.Seal(TestPackets.Ipv6Udp("fd00::1", "fd00::2", 10)), out var otherFamily));

        Assert.Equal(EspDropReason.PolicyMismatch, spoofedSource);
        Assert.Equal(EspDropReason.PolicyMismatch, elsewhere);
        Assert.Equal(EspDropReason.PolicyMismatch, otherFamily);
        Assert.Equal(3, pair.Inbound.Drops[EspDropReason.PolicyMismatch]);
    }
}
