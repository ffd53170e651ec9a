using System.Numerics;

namespace EdgeMx.Hal.Crypto;

/// <summary>
/// A MODP (finite-field Diffie-Hellman) group from RFC 2409 §6.2 (group 2) and RFC 3526 §3–4 (groups 14, 15):
/// p = 2^N − 2^(N−64) − 1 + 2^64 · (⌊2^(N−130) π⌋ + k), generator 2. The hex below is checked against that formula
/// in the tests, so a typo cannot hide.
/// </summary>
public sealed class ModpGroup
{
    /// <summary>
    /// Private exponents are 256 random bits. The primes are safe primes, and NIST SP 800-56A Rev. 3 §5.6.1.1.4 allows
    /// an exponent of 2·s bits for them, s being the group's security strength (80, 112 and 128 bits for 1024, 2048 and
    /// 3072: RFC 3526 §8 and SP 800-57). 256 bits covers all three, and the key exchange costs about a tenth of what a
    /// full-length exponent would.
    /// </summary>
    public const int PrivateExponentBits = 256;

    public static readonly ModpGroup Modp1024 = new(KeyExchangeGroup.Modp1024,
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74" +
        "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437" +
        "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF");

    public static readonly ModpGroup Modp2048 = new(KeyExchangeGroup.Modp2048,
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74" +
        "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437" +
        "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05" +
        "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB" +
        "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718" +
        "3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF");

    public static readonly ModpGroup Modp3072 = new(KeyExchangeGroup.Modp3072,
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74" +
        "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437" +
        "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05" +
        "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB" +
        "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718" +
        "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33" +
        "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
        "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864" +
        "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2" +
        "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF");

    private readonly byte[] _prime;

    private ModpGroup(KeyExchangeGroup group, string primeHex)
    {
        Group = group;
        _prime = Convert.FromHexString(primeHex);
        Prime = new BigInteger(_prime, isUnsigned: true, isBigEndian: true);
    }

    public KeyExchangeGroup Group { get; }

    /// <summary>The prime, big-endian, exactly <see cref="Length"/> bytes.</summary>
    public ReadOnlySpan<byte> PrimeBytes => _prime;

    public BigInteger Prime { get; }

    public int Generator => 2;

    /// <summary>Length in bytes of the prime, of a public value and of the shared secret (RFC 7296 §3.4).</summary>
    public int Length => _prime.Length;

    /// <summary>
    /// RFC 6989 §2.1: for these safe-prime groups the recipient checks 1 &lt; y &lt; p−1 (which rules out 0, 1 and
    /// p−1, the small-subgroup values); the KE data must be exactly the prime's length (RFC 7296 §3.4).
    /// Throws <see cref="System.Security.Cryptography.CryptographicException"/>; returns y.
    /// </summary>
    public BigInteger ValidatePublicValue(ReadOnlySpan<byte> peer)
    {
        if (peer.Length != Length)
            throw new System.Security.Cryptography.CryptographicException(
                $"MODP-{Length * 8} public value must be {Length} bytes, got {peer.Length}");
        var y = new BigInteger(peer, isUnsigned: true, isBigEndian: true);
        if (y <= BigInteger.One || y >= Prime - BigInteger.One)
            throw new System.Security.Cryptography.CryptographicException(
                $"MODP-{Length * 8} public value is outside 1 < y < p-1");
        return y;
    }

    /// <summary>A fixed private exponent (known-answer tests): big-endian, 1 &lt; x &lt; p−1.</summary>
    public BigInteger ValidatePrivateExponent(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length == 0 || privateKey.Length > Length)
            throw new System.Security.Cryptography.CryptographicException(
                $"MODP-{Length * 8} private exponent must be 1..{Length} bytes, got {privateKey.Length}");
        var x = new BigInteger(privateKey, isUnsigned: true, isBigEndian: true);
        if (x <= BigInteger.One || x >= Prime - BigInteger.One)
            throw new System.Security.Cryptography.CryptographicException($"MODP-{Length * 8} private exponent out of range");
        return x;
    }

    public static bool TryGet(KeyExchangeGroup group, out ModpGroup modp)
    {
        modp = group switch
        {
            KeyExchangeGroup.Modp1024 => Modp1024,
            KeyExchangeGroup.Modp2048 => Modp2048,
            KeyExchangeGroup.Modp3072 => Modp3072,
            _ => null!,
        };
        return modp is not null;
    }

    public static ModpGroup Get(KeyExchangeGroup group) =>
        TryGet(group, out var modp) ? modp : throw new ArgumentOutOfRangeException(nameof(group), group, "not a MODP group");
}
