using System.Numerics;
using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Hal.Linux.Crypto.Platform;

/// <summary>
/// MODP Diffie-Hellman (RFC 2409 group 2, RFC 3526 groups 14/15). The BCL has no finite-field DH type, so the
/// exponentiations go to libcrypto's constant-time BN_mod_exp_mont_consttime (<see cref="OpenSslModExp"/>, the library
/// the BCL itself loads); where libcrypto is missing they fall back to <see cref="BigInteger.ModPow"/>, which is
/// slower and not constant-time (the exponent is ephemeral, one per exchange — the exposure strongSwan's gmp plugin
/// accepts too). The private exponent has <see cref="ModpGroup.PrivateExponentBits"/> bits.
/// </summary>
internal sealed class PlatformModpKeyExchange : IKeyExchange
{
    private readonly ModpGroup _modp;
    private readonly BigInteger _x;
    private readonly byte[] _xBytes;
    private readonly byte[] _public;

    public PlatformModpKeyExchange(ModpGroup modp, ReadOnlySpan<byte> fixedPrivateKey = default)
    {
        _modp = modp;
        _x = fixedPrivateKey.IsEmpty
            ? BigEndian.RandomAbove1(ModpGroup.PrivateExponentBits)
            : modp.ValidatePrivateExponent(fixedPrivateKey);
        _xBytes = _x.ToByteArray(isUnsigned: true, isBigEndian: true);
        _public = Power(new BigInteger(modp.Generator), [(byte)modp.Generator]);
    }

    public KeyExchangeGroup Group => _modp.Group;

    public ReadOnlySpan<byte> PublicKey => _public;

    public byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey)
    {
        var y = _modp.ValidatePublicValue(peerPublicKey);
        var z = Power(y, peerPublicKey);
        // Unreachable for a y that passed the range check (x < q, and y's order is q or 2q), kept as a tripwire.
        var value = new BigInteger(z, isUnsigned: true, isBigEndian: true);
        if (value <= BigInteger.One || value == _modp.Prime - BigInteger.One)
            throw new CryptographicException("MODP shared secret is degenerate");
        return z;
    }

    /// <summary>base^x mod p as <see cref="ModpGroup.Length"/> bytes (base given both ways: OpenSSL takes the bytes).</summary>
    private byte[] Power(BigInteger @base, ReadOnlySpan<byte> baseBytes) =>
        OpenSslModExp.IsAvailable
            ? OpenSslModExp.Power(baseBytes, _xBytes, _modp.PrimeBytes, _modp.Length)
            : BigEndian.Encode(BigInteger.ModPow(@base, _x, _modp.Prime), _modp.Length);

    public void Dispose() => CryptographicOperations.ZeroMemory(_xBytes);
}
