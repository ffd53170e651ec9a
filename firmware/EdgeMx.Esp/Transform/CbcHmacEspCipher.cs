using System.Buffers.Binary;
using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Esp.Transform;

/// <summary>
/// AES-CBC (RFC 3602) or 3DES-CBC (RFC 2451) with HMAC-SHA1-96 (RFC 2404) or HMAC-SHA2 (RFC 4868), encrypt then
/// MAC: the ICV covers SPI, sequence number, IV and ciphertext (RFC 4303 §3.3.2), plus the high-order sequence bits
/// appended after the ciphertext when ESN is in use (§2.2.1, RFC 4304 §2). The IV is random for every packet
/// (RFC 3602 §2.1: it MUST be unpredictable; a counter would not do).
/// </summary>
internal sealed class CbcHmacEspCipher : EspCipher
{
    private const int MaxHashSize = 64;
    private readonly ICbcCipher _cbc;
    private readonly IHmac _hmac;
    private readonly ICryptoProvider _random;

    public CbcHmacEspCipher(EspCipherSuite suite, ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> integrityKey,
        ICryptoProvider provider) : base(suite)
    {
        var algorithm = suite.Encryption == EspEncryption.AesCbc ? CbcAlgorithm.AesCbc : CbcAlgorithm.TripleDesCbc;
        _cbc = provider.CreateCbc(algorithm, encryptionKey);
        _hmac = provider.CreateHmac(suite.HmacHash, integrityKey);
        _random = provider;
    }

    public override void NextIv(Span<byte> iv) => _random.GetRandomBytes(iv);

    public override void Seal(Span<byte> packet, int textLength, uint sequenceHigh, bool esn)
    {
        var header = Suite.HeaderSize;
        var text = packet.Slice(header, textLength);
        _cbc.Encrypt(packet.Slice(EspPacket.HeaderSize, Suite.IvSize), text, text);
        var covered = header + textLength;
        WriteIcv(packet[..covered], sequenceHigh, esn, packet.Slice(covered, Suite.IcvSize));
    }

    public override bool Open(Span<byte> packet, uint sequenceHigh, bool esn)
    {
        var covered = packet.Length - Suite.IcvSize;
        Span<byte> icv = stackalloc byte[MaxHashSize];
        WriteIcv(packet[..covered], sequenceHigh, esn, icv[..Suite.IcvSize]);
        if (!CryptographicOperations.FixedTimeEquals(icv[..Suite.IcvSize], packet[covered..])) return false;
        var text = packet[Suite.HeaderSize..covered];
        _cbc.Decrypt(packet.Slice(EspPacket.HeaderSize, Suite.IvSize), text, text);
        return true;
    }

    /// <summary>The ICV of <paramref name="covered"/>: the HMAC truncated to the suite's ICV length (RFC 2404 §2,
    /// RFC 4868 §2.6: the leftmost bits).</summary>
    internal void WriteIcv(ReadOnlySpan<byte> covered, uint sequenceHigh, bool esn, Span<byte> icv)
    {
        Span<byte> mac = stackalloc byte[MaxHashSize];
        _hmac.Append(covered);
        if (esn)
        {
            Span<byte> high = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(high, sequenceHigh);
            _hmac.Append(high);
        }
        _hmac.GetHashAndReset(mac[.._hmac.HashSize]);
        mac[..Suite.IcvSize].CopyTo(icv);
    }

    public override void Dispose()
    {
        _cbc.Dispose();
        _hmac.Dispose();
    }
}
