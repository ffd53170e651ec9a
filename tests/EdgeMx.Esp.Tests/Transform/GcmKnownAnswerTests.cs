using System.Buffers.Binary;
using EdgeMx.Esp.Sa;
using EdgeMx.Esp.Transform;
using EdgeMx.Hal.Linux.Crypto.Platform;

namespace EdgeMx.Esp.Tests.Transform;

/// <summary>RFC 4106 AES-GCM ESP against the draft-mcgrew-gcm-test-01 packets.</summary>
public class GcmKnownAnswerTests
{
    private static EspKeyMaterial Keys(GcmTestVectors.Case c) => new([.. c.KeyBytes, .. c.NonceBytes[..4]], []);

    private static EspCipherSuite Suite(GcmTestVectors.Case c) => new(EspEncryption.AesGcm16, c.KeyBytes.Length * 8);

    /// <summary>SPI | sequence (low 32 bits) | IV | ciphertext | ICV, as it travels.</summary>
    private static byte[] WirePacket(GcmTestVectors.Case c)
    {
        var packet = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(packet, c.Spi);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)c.Sequence);
        return [.. packet, .. c.NonceBytes[4..], .. c.CiphertextBytes, .. c.IcvBytes];
    }

    [Theory]
    [MemberData(nameof(GcmTestVectors.Cases), MemberType = typeof(GcmTestVectors))]
    public void Opens_the_test_packet(GcmTestVectors.Case c)
    {
        using var keys = Keys(c);
        using var cipher = EspCipher.Create(Suite(c), keys, new PlatformCryptoProvider());
        var packet = WirePacket(c);

        Assert.True(cipher.Open(packet, (uint)(c.Sequence >> 32), c.Esn));
        Assert.Equal(c.PlaintextBytes, packet[16..^16]);
    }

    [Theory]
    [MemberData(nameof(GcmTestVectors.Cases), MemberType = typeof(GcmTestVectors))]
    public void Outbound_sa_builds_the_test_packet(GcmTestVectors.Case c)
    {
        // The draft's packets use minimal, monotonic padding: exactly what the outbound SA writes.
        var plaintext = c.PlaintextBytes;
        var padLength = plaintext[^2];
        var payload = plaintext[..^(padLength + 2)];
        Assert.Equal(EspTrailer.PaddingLength(payload.Length, 4), padLength);
        // The IV counter starts from the provider's "random" start value: the case's IV.
        var crypto = new ScriptedRandomCryptoProvider(c.NonceBytes[4..]);
        using var keys = Keys(c);
        // SPI 0 is reserved on the wire (RFC 4303 §2.1); the draft uses it in case 4, so that case goes in with SPI 256
        // and only the header differs - the AAD carries the SPI, so its ciphertext is checked by Opens_the_test_packet.
        var spi = Math.Max(c.Spi, EspPacket.MinimumSpi);
        using var sa = new EspOutboundSa(spi, Suite(c), keys, c.Esn, crypto);
        sa.SetNextSequenceForTest(c.Sequence);
        var buffer = new byte[16 + payload.Length + 64];
        payload.CopyTo(buffer, 16);

        var result = sa.Encapsulate(buffer, 16, payload.Length, plaintext[^1], out var offset, out var length);

        Assert.Equal(EspDropReason.None, result);
        Assert.Equal(0, offset);
        var expected = WirePacket(c);
        var actual = buffer.AsSpan(offset, length);
        // IV and ciphertext never depend on the SPI; header and ICV do (the SPI is in the AAD).
        Assert.Equal(Hex(expected.AsSpan(8, expected.Length - 24)), Hex(actual[8..^16]));
        if (spi == c.Spi) Assert.Equal(Hex(expected), Hex(actual));
        else Assert.NotEqual(Hex(expected[^16..]), Hex(actual[^16..]));
    }

    [Theory]
    [MemberData(nameof(GcmTestVectors.Cases), MemberType = typeof(GcmTestVectors))]
    public void A_flipped_bit_anywhere_fails_the_icv(GcmTestVectors.Case c)
    {
        using var keys = Keys(c);
        using var cipher = EspCipher.Create(Suite(c), keys, new PlatformCryptoProvider());
        var original = WirePacket(c);
        for (var i = 0; i < original.Length; i++)
        {
            var packet = (byte[])original.Clone();
            packet[i] ^= 0x01;
            Assert.False(cipher.Open(packet, (uint)(c.Sequence >> 32), c.Esn), $"bit flipped at octet {i} went unnoticed");
        }
        // The high-order sequence bits are authenticated although never sent (RFC 4304 §2).
        if (c.Esn) Assert.False(cipher.Open(WirePacket(c), (uint)(c.Sequence >> 32) + 1, esn: true));
    }

    [Fact]
    public void Inbound_sa_authenticates_a_test_packet_before_it_rejects_its_transport_mode_next_header()
    {
        // Case 2 is a transport-mode packet (Next Header 1): the tunnel-mode SA authenticates it - the window moves -
        // and only then finds the Next Header wrong. Nothing is delivered.
        var c = GcmTestVectors.All[1];
        using var keys = Keys(c);
        using var sa = new EspInboundSa(c.Spi, Suite(c), keys, c.Esn, new PlatformCryptoProvider());

        var result = sa.Decapsulate(WirePacket(c), out _, out var length, out var nextHeader);

        Assert.Equal(EspDropReason.BadNextHeader, result);
        Assert.Equal(1, nextHeader);
        Assert.Equal(0, length);
        Assert.Equal(c.Sequence, sa.HighestSequence);
        Assert.Equal(1, sa.Drops[EspDropReason.BadNextHeader]);
        Assert.Equal(0, sa.Packets);
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => EdgeMx.Testing.Hex.Format(bytes);
}
