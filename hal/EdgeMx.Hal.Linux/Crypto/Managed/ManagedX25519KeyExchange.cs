using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;

namespace EdgeMx.Hal.Linux.Crypto.Managed;

/// <summary>
/// X25519 (RFC 7748 §5, IKEv2 group 31 per RFC 8031) with BouncyCastle's <see cref="X25519Agreement"/>. The BCL has
/// no X25519, so the platform provider uses this class too. RFC 8031 §2.1 / RFC 7748 §6.1: an all-zero shared secret
/// (a low-order peer point) is rejected.
/// </summary>
internal sealed class ManagedX25519KeyExchange : IKeyExchange
{
    public const int KeySize = 32;

    private readonly X25519PrivateKeyParameters _private;
    private readonly byte[] _public;

    public ManagedX25519KeyExchange(ReadOnlySpan<byte> fixedPrivateKey = default)
    {
        var scalar = new byte[KeySize];
        if (fixedPrivateKey.IsEmpty)
        {
            RandomNumberGenerator.Fill(scalar);
        }
        else
        {
            if (fixedPrivateKey.Length != KeySize)
                throw new CryptographicException($"X25519 private key must be {KeySize} bytes, got {fixedPrivateKey.Length}");
            fixedPrivateKey.CopyTo(scalar);
        }
        // The scalar is clamped inside the scalar multiplication (RFC 7748 §5 decodeScalar25519).
        _private = new X25519PrivateKeyParameters(scalar, 0);
        CryptographicOperations.ZeroMemory(scalar);
        _public = _private.GeneratePublicKey().GetEncoded();
    }

    public KeyExchangeGroup Group => KeyExchangeGroup.Curve25519;

    public ReadOnlySpan<byte> PublicKey => _public;

    public byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey)
    {
        if (peerPublicKey.Length != KeySize)
            throw new CryptographicException($"X25519 public value must be {KeySize} bytes, got {peerPublicKey.Length}");
        var agreement = new X25519Agreement();
        agreement.Init(_private);
        var secret = new byte[KeySize];
        try
        {
            agreement.CalculateAgreement(new X25519PublicKeyParameters(peerPublicKey.ToArray(), 0), secret, 0);
        }
        catch (InvalidOperationException e)
        {
            // BouncyCastle reports the all-zero result this way.
            throw new CryptographicException("X25519 shared secret is all zero (invalid peer public value)", e);
        }
        CryptoArguments.NotAllZero(secret, "X25519");
        return secret;
    }

    public void Dispose()
    {
    }
}
