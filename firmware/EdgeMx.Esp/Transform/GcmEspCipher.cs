using System.Buffers.Binary;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Esp.Transform;

/// <summary>
/// AES-GCM-16 in ESP (RFC 4106). Nonce = salt(4) || explicit IV(8) (§4); AAD = SPI || Seq (§5.1) or, with ESN,
/// SPI || Seq high || Seq low (§5.2); the ICV is the 16-octet tag. The explicit IV is a per-SA counter (§3.1: it
/// MUST NOT repeat for a key; a counter guarantees that), started at a random value.
/// </summary>
internal sealed class GcmEspCipher : EspCipher
{
    private const int NonceSize = 12;
    private readonly IAeadCipher _aead;
    private readonly uint _salt;
    private ulong _ivCounter;

    public GcmEspCipher(EspCipherSuite suite, ReadOnlySpan<byte> keyAndSalt, ICryptoProvider provider) : base(suite)
    {
        _aead = provider.CreateAead(AeadAlgorithm.AesGcm16, keyAndSalt[..suite.CipherKeySize]);
        _salt = BinaryPrimitives.ReadUInt32BigEndian(keyAndSalt[suite.CipherKeySize..]);
        Span<byte> start = stackalloc byte[8];
        provider.GetRandomBytes(start);
        _ivCounter = BinaryPrimitives.ReadUInt64BigEndian(start);
    }

    public override void NextIv(Span<byte> iv) => BinaryPrimitives.WriteUInt64BigEndian(iv, _ivCounter++);

    public override void Seal(Span<byte> packet, int textLength, uint sequenceHigh, bool esn)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        Span<byte> aad = stackalloc byte[12];
        var header = Suite.HeaderSize;
        BuildNonce(packet, nonce);
        var text = packet.Slice(header, textLength);
        _aead.Encrypt(nonce, text, text, packet.Slice(header + textLength, Suite.IcvSize), BuildAad(packet, sequenceHigh, esn, aad));
    }

    public override bool Open(Span<byte> packet, uint sequenceHigh, bool esn)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        Span<byte> aad = stackalloc byte[12];
        var header = Suite.HeaderSize;
        BuildNonce(packet, nonce);
        var text = packet[header..^Suite.IcvSize];
        // AES-GCM verifies the tag before it releases any plaintext (the provider clears it on failure).
        return _aead.TryDecrypt(nonce, text, packet[^Suite.IcvSize..], text, BuildAad(packet, sequenceHigh, esn, aad));
    }

    private void BuildNonce(ReadOnlySpan<byte> packet, Span<byte> nonce)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce, _salt);
        packet.Slice(EspPacket.HeaderSize, 8).CopyTo(nonce[4..]);
    }

    private static ReadOnlySpan<byte> BuildAad(ReadOnlySpan<byte> packet, uint sequenceHigh, bool esn, Span<byte> aad)
    {
        if (!esn) return packet[..EspPacket.HeaderSize];
        packet[..4].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[4..], sequenceHigh);
        packet.Slice(EspPacket.SequenceOffset, 4).CopyTo(aad[8..]);
        return aad;
    }

    public override void Dispose() => _aead.Dispose();
}
