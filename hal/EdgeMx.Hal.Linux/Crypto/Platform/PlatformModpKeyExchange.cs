using System.Numerics;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Hal.Linux.Crypto.Platform;

/// <summary>
/// MODP Diffie-Hellman (RFC 2409 group 2, RFC 3526 groups 14/15) with <see cref="BigInteger.ModPow"/>. The BCL has no
/// finite-field DH type (OpenSSL's DH is not reachable through it), and binding libcrypto's DH directly would tie the
/// product to one OpenSSL ABI that the BCL shim otherwise hides; with a 256-bit exponent (see
/// <see cref="ModpGroup.PrivateExponentBits"/>) the managed modpow is fast enough for IKE. BigInteger.ModPow is not
/// constant-time; the exponent is ephemeral (one per exchange), which is the exposure strongSwan's gmp plugin accepts too.
/// </summary>
internal sealed class PlatformModpKeyExchange : IKeyExchange
{
    private readonly ModpGroup _modp;
    private readonly BigInteger _x;
    private readonly byte[] _public;

    public PlatformModpKeyExchange(ModpGroup modp, ReadOnlySpan<byte> fixedPrivateKey = default)
    {
        _modp = modp;
        _x = fixedPrivateKey.IsEmpty
            ? BigEndian.RandomAbove1(ModpGroup.PrivateExponentBits)
            : modp.ValidatePrivateExponent(fixedPrivateKey);
        _public = BigEndian.Encode(BigInteger.ModPow(modp.Generator, _x, modp.Prime), modp.Length);
    }

    public KeyExchangeGroup Group => _modp.Group;

    public ReadOnlySpan<byte> PublicKey => _public;

    public byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey)
    {
        var y = _modp.ValidatePublicValue(peerPublicKey);
        var z = BigInteger.ModPow(y, _x, _modp.Prime);
        // Unreachable for a y that passed the range check (x < q, and y's order is q or 2q), kept as a tripwire.
        if (z <= BigInteger.One || z == _modp.Prime - BigInteger.One)
            throw new System.Security.Cryptography.CryptographicException("MODP shared secret is degenerate");
        return BigEndian.Encode(z, _modp.Length);
    }

    public void Dispose()
    {
    }
}
