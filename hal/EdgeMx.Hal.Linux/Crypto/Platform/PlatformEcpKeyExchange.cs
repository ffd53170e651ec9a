using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Hal.Linux.Crypto.Platform;

/// <summary>ECDH on P-256/P-384 through <see cref="ECDiffieHellman"/> (OpenSSL). Public value and shared secret use
/// the RFC 5903 §7 encodings: x‖y, and x of the product, each padded to the field size.</summary>
internal sealed class PlatformEcpKeyExchange : IKeyExchange
{
    private readonly EcpCurve _curve;
    private readonly ECCurve _named;
    private readonly ECDiffieHellman _key;
    private readonly byte[] _public;

    public PlatformEcpKeyExchange(EcpCurve curve, ReadOnlySpan<byte> fixedPrivateKey = default)
    {
        _curve = curve;
        _named = curve.Group == KeyExchangeGroup.Ecp256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384;
        if (fixedPrivateKey.IsEmpty)
        {
            _key = ECDiffieHellman.Create(_named);
        }
        else
        {
            curve.ValidatePrivateKey(fixedPrivateKey);
            _key = ECDiffieHellman.Create();
            _key.ImportParameters(new ECParameters { Curve = _named, D = fixedPrivateKey.ToArray() });
        }
        var q = _key.ExportParameters(includePrivateParameters: false).Q;
        _public = new byte[2 * curve.Length];
        q.X.AsSpan().CopyTo(_public.AsSpan(curve.Length - q.X!.Length));
        q.Y.AsSpan().CopyTo(_public.AsSpan(2 * curve.Length - q.Y!.Length));
    }

    public KeyExchangeGroup Group => _curve.Group;

    public ReadOnlySpan<byte> PublicKey => _public;

    public byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey)
    {
        // Our own check first (length, range, on-curve), so the outcome never depends on what OpenSSL checks.
        _curve.ValidatePublicValue(peerPublicKey);
        var length = _curve.Length;
        using var peer = ECDiffieHellman.Create(new ECParameters
        {
            Curve = _named,
            Q = new ECPoint { X = peerPublicKey[..length].ToArray(), Y = peerPublicKey[length..].ToArray() },
        });
        var secret = _key.DeriveRawSecretAgreement(peer.PublicKey);
        if (secret.Length != length)
            throw new CryptographicException($"{_curve.Name} shared secret is {secret.Length} bytes, expected {length}");
        CryptoArguments.NotAllZero(secret, _curve.Name);
        return secret;
    }

    public void Dispose() => _key.Dispose();
}
