using System.Security.Cryptography;
using EdgeMx.Esp.Sa;
using EdgeMx.Esp.Transform;
using EdgeMx.Hal.Linux.Crypto.Platform;
using EdgeMx.Testing;

namespace EdgeMx.Esp.Tests.Transform;

/// <summary>RFC 3602 AES-CBC ESP packets, with an HMAC-SHA1-96 ICV computed by the BCL rather than by our code.</summary>
public class CbcKnownAnswerTests
{
    private static readonly byte[] IntegrityKey = Hex.Parse("000102030405060708090a0b0c0d0e0f10111213");
    private static readonly EspCipherSuite Suite = new(EspEncryption.AesCbc, 128, EspIntegrity.HmacSha1_96);

    private static byte[] WithIndependentIcv(byte[] espPacket)
    {
        var mac = HMACSHA1.HashData(IntegrityKey, espPacket);
        return [.. espPacket, .. mac[..12]];
    }

    [Theory]
    [MemberData(nameof(CbcTestVectors.Cases), MemberType = typeof(CbcTestVectors))]
    public void Outbound_sa_builds_the_rfc_packet(CbcTestVectors.Case c)
    {
        using var keys = new EspKeyMaterial(c.KeyBytes, IntegrityKey);
        using var sa = new EspOutboundSa(c.Spi, Suite, keys, false, new ScriptedRandomCryptoProvider(c.Iv));
        sa.SetNextSequenceForTest(c.Sequence);
        var payload = c.PayloadBytes;
        var buffer = new byte[24 + payload.Length + Suite.MaxOverhead];
        payload.CopyTo(buffer, 24);

        Assert.Equal(EspDropReason.None, sa.Encapsulate(buffer, 24, payload.Length, c.NextHeader, out var offset, out var length));

        Assert.Equal(Hex.Format(WithIndependentIcv(c.EspPacketBytes)), Hex.Format(buffer.AsSpan(offset, length)));
    }

    [Theory]
    [MemberData(nameof(CbcTestVectors.Cases), MemberType = typeof(CbcTestVectors))]
    public void Opens_the_rfc_packet(CbcTestVectors.Case c)
    {
        using var keys = new EspKeyMaterial(c.KeyBytes, IntegrityKey);
        using var cipher = EspCipher.Create(Suite, keys, new PlatformCryptoProvider());
        var packet = WithIndependentIcv(c.EspPacketBytes);

        Assert.True(cipher.Open(packet, 0, esn: false));

        var text = packet.AsSpan(24, packet.Length - 24 - 12);
        Assert.Equal(EspDropReason.None, EspTrailer.TryRead(text, out var payloadLength, out var nextHeader));
        Assert.Equal(c.NextHeader, nextHeader);
        Assert.Equal(c.PadLength, text[^2]);
        Assert.Equal(Hex.Format(c.PayloadBytes), Hex.Format(text[..payloadLength]));
    }

    [Theory]
    [MemberData(nameof(CbcTestVectors.TunnelModeCases), MemberType = typeof(CbcTestVectors))]
    public void Inbound_sa_delivers_the_inner_packet_of_a_tunnel_mode_rfc_packet(CbcTestVectors.Case c)
    {
        using var keys = new EspKeyMaterial(c.KeyBytes, IntegrityKey);
        using var sa = new EspInboundSa(c.Spi, Suite, keys, false, new PlatformCryptoProvider());
        var packet = WithIndependentIcv(c.EspPacketBytes);

        Assert.Equal(EspDropReason.None, sa.Decapsulate(packet, out var offset, out var length, out var nextHeader));

        Assert.Equal(4, nextHeader);
        Assert.Equal(Hex.Format(c.PayloadBytes), Hex.Format(packet.AsSpan(offset, length)));
        Assert.Equal(1, sa.Packets);
        Assert.Equal(c.PayloadBytes.Length, sa.Bytes);
    }

    [Fact]
    public void A_packet_whose_icv_fails_is_never_decrypted()
    {
        var c = CbcTestVectors.All[2];
        using var keys = new EspKeyMaterial(c.KeyBytes, IntegrityKey);
        using var cipher = EspCipher.Create(Suite, keys, new PlatformCryptoProvider());
        var packet = WithIndependentIcv(c.EspPacketBytes);
        packet[^1] ^= 0x80;
        var before = (byte[])packet.Clone();

        Assert.False(cipher.Open(packet, 0, esn: false));
        Assert.Equal(before, packet); // the ICV is checked first: not a byte was decrypted
    }
}
