using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Platform.OpenSsl;

namespace EdgeMx.Hal.Linux.Crypto.Platform;

/// <summary>
/// X25519 (RFC 7748 §5, IKEv2 group 31 per RFC 8031) in OpenSSL's libcrypto, which has assembler field arithmetic
/// on x86-64 and ARMv8: about ten times faster than the managed (BouncyCastle) code, and X25519 is most of an IKE
/// SA's CPU cost (tools/bench/ike.sh). Raw keys in and out (EVP_PKEY_new_raw_private_key clamps the scalar as
/// §5 says); an all-zero shared secret (a low-order peer point, RFC 7748 §6.1 / RFC 8031 §2.1) is refused: OpenSSL
/// fails the derivation and the result is checked again here.
/// </summary>
internal sealed class OpenSslX25519KeyExchange : IKeyExchange
{
    public const int KeySize = 32;

    private readonly EvpPkeyHandle _private;
    private readonly byte[] _public = new byte[KeySize];

    public OpenSslX25519KeyExchange(ReadOnlySpan<byte> fixedPrivateKey = default)
    {
        Span<byte> scalar = stackalloc byte[KeySize];
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
        try
        {
            _private = EvpPkeyHandle.FromRawPrivateKey(LibCrypto.NidX25519, scalar);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
        var length = (nuint)KeySize;
        if (LibCrypto.EvpPkeyGetRawPublicKey(_private, _public, ref length) != 1 || length != KeySize)
        {
            _private.Dispose();
            throw LibCrypto.Error("EVP_PKEY_get_raw_public_key");
        }
    }

    public KeyExchangeGroup Group => KeyExchangeGroup.Curve25519;

    public ReadOnlySpan<byte> PublicKey => _public;

    public byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey)
    {
        if (peerPublicKey.Length != KeySize)
            throw new CryptographicException($"X25519 public value must be {KeySize} bytes, got {peerPublicKey.Length}");
        using var peer = EvpPkeyHandle.FromRawPublicKey(LibCrypto.NidX25519, peerPublicKey);
        using var context = LibCrypto.EvpPkeyCtxNew(_private, 0);
        if (context.IsInvalid) throw LibCrypto.Error("EVP_PKEY_CTX_new");
        if (LibCrypto.EvpPkeyDeriveInit(context) != 1) throw LibCrypto.Error("EVP_PKEY_derive_init");
        if (LibCrypto.EvpPkeyDeriveSetPeer(context, peer) != 1) throw LibCrypto.Error("EVP_PKEY_derive_set_peer");
        var secret = new byte[KeySize];
        var length = (nuint)KeySize;
        if (LibCrypto.EvpPkeyDerive(context, secret, ref length) != 1 || length != KeySize)
        {
            // OpenSSL refuses the all-zero result (a low-order peer point) by failing here.
            var error = LibCrypto.Error("X25519 derivation");
            throw new CryptographicException("X25519 shared secret is all zero or the peer value is invalid", error);
        }
        CryptoArguments.NotAllZero(secret, "X25519");
        return secret;
    }

    public void Dispose() => _private.Dispose();
}
