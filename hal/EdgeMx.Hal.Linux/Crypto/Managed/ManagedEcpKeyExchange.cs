using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace EdgeMx.Hal.Linux.Crypto.Managed;

/// <summary>ECDH on P-256/P-384 with BouncyCastle's <see cref="ECDHBasicAgreement"/> over the optimised curves of
/// <see cref="CustomNamedCurves"/> (static holders, no reflection). Encodings as RFC 5903 §7.</summary>
internal sealed class ManagedEcpKeyExchange : IKeyExchange
{
    private readonly EcpCurve _curve;
    private readonly ECDomainParameters _domain;
    private readonly ECPrivateKeyParameters _private;
    private readonly byte[] _public;

    public ManagedEcpKeyExchange(EcpCurve curve, ReadOnlySpan<byte> fixedPrivateKey = default)
    {
        _curve = curve;
        _domain = Domain(curve);
        BigInteger d;
        if (fixedPrivateKey.IsEmpty)
        {
            var bytes = new byte[curve.Length];
            do
            {
                RandomNumberGenerator.Fill(bytes);
                d = new BigInteger(1, bytes);
            } while (d.SignValue == 0 || d.CompareTo(_domain.N) >= 0);
            CryptographicOperations.ZeroMemory(bytes);
        }
        else
        {
            curve.ValidatePrivateKey(fixedPrivateKey);
            d = new BigInteger(1, fixedPrivateKey.ToArray());
        }
        _private = new ECPrivateKeyParameters(d, _domain);
        var q = _domain.G.Multiply(d).Normalize();
        _public = [.. q.AffineXCoord.GetEncoded(), .. q.AffineYCoord.GetEncoded()];
    }

    public KeyExchangeGroup Group => _curve.Group;

    public ReadOnlySpan<byte> PublicKey => _public;

    public byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey)
    {
        _curve.ValidatePublicValue(peerPublicKey);
        var length = _curve.Length;
        try
        {
            var point = _domain.Curve.CreatePoint(
                new BigInteger(1, peerPublicKey[..length].ToArray()),
                new BigInteger(1, peerPublicKey[length..].ToArray()));
            var peer = new ECPublicKeyParameters(_domain.ValidatePublicPoint(point), _domain);
            var agreement = new ECDHBasicAgreement();
            agreement.Init(_private);
            var x = agreement.CalculateAgreement(peer).ToByteArrayUnsigned();
            var secret = new byte[length];
            x.CopyTo(secret, length - x.Length);
            CryptoArguments.NotAllZero(secret, _curve.Name);
            return secret;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new CryptographicException($"{_curve.Name} peer value refused: {e.Message}", e);
        }
    }

    private static readonly ECDomainParameters P256 = FromHolder(CustomNamedCurves.GetByName("P-256"));
    private static readonly ECDomainParameters P384 = FromHolder(CustomNamedCurves.GetByName("P-384"));

    private static ECDomainParameters Domain(EcpCurve curve) => curve.Group == KeyExchangeGroup.Ecp256 ? P256 : P384;

    private static ECDomainParameters FromHolder(X9ECParameters x9) => new(x9.Curve, x9.G, x9.N, x9.H, x9.GetSeed());

    public void Dispose()
    {
    }
}
