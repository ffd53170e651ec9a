using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace EdgeMx.Hal.Linux.Crypto.Managed;

/// <summary>MODP Diffie-Hellman with BouncyCastle's <see cref="DHBasicAgreement"/>. The peer value is range-checked by
/// <see cref="ModpGroup.ValidatePublicValue"/> first (RFC 6989 §2.1), so both providers refuse exactly the same inputs.</summary>
internal sealed class ManagedModpKeyExchange : IKeyExchange
{
    private readonly ModpGroup _modp;
    private readonly DHParameters _parameters;
    private readonly DHPrivateKeyParameters _private;
    private readonly byte[] _public;

    public ManagedModpKeyExchange(ModpGroup modp, ReadOnlySpan<byte> fixedPrivateKey = default)
    {
        _modp = modp;
        var p = new BigInteger(1, modp.PrimeBytes.ToArray());
        _parameters = new DHParameters(p, BigInteger.ValueOf(modp.Generator));
        BigInteger x;
        if (fixedPrivateKey.IsEmpty)
        {
            var bytes = new byte[ModpGroup.PrivateExponentBits / 8];
            do
            {
                RandomNumberGenerator.Fill(bytes);
                x = new BigInteger(1, bytes);
            } while (x.CompareTo(BigInteger.One) <= 0);
            CryptographicOperations.ZeroMemory(bytes);
        }
        else
        {
            modp.ValidatePrivateExponent(fixedPrivateKey);
            x = new BigInteger(1, fixedPrivateKey.ToArray());
        }
        _private = new DHPrivateKeyParameters(x, _parameters);
        _public = Pad(_parameters.G.ModPow(x, p));
    }

    public KeyExchangeGroup Group => _modp.Group;

    public ReadOnlySpan<byte> PublicKey => _public;

    public byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey)
    {
        _modp.ValidatePublicValue(peerPublicKey);
        var agreement = new DHBasicAgreement();
        agreement.Init(_private);
        try
        {
            var y = new DHPublicKeyParameters(new BigInteger(1, peerPublicKey.ToArray()), _parameters);
            return Pad(agreement.CalculateAgreement(y));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new CryptographicException($"MODP-{_modp.Length * 8} peer value refused: {e.Message}", e);
        }
    }

    private byte[] Pad(BigInteger value)
    {
        var magnitude = value.ToByteArrayUnsigned();
        if (magnitude.Length > _modp.Length) throw new CryptographicException("MODP value longer than the prime");
        var padded = new byte[_modp.Length];
        magnitude.CopyTo(padded, _modp.Length - magnitude.Length);
        return padded;
    }

    public void Dispose()
    {
    }
}
