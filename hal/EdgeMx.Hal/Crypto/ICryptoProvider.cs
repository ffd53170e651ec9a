namespace EdgeMx.Hal.Crypto;

/// <summary>
/// The one crypto interface that IKE and ESP use. Providers: platform (System.Security.Cryptography over OpenSSL,
/// AES-NI / ARMv8 CE), managed (BouncyCastle concrete engines, AOT-safe) and kernel offload (XFRM, advertised only).
/// Objects returned by a provider are NOT thread-safe: create one per SA direction / per thread.
/// </summary>
public interface ICryptoProvider
{
    /// <summary>Short stable name used in config, logs and benchmarks ("platform", "managed", ...).</summary>
    string Name { get; }

    bool Supports(CryptoAlgorithm algorithm);

    /// <summary>AES-GCM with a 16-byte ICV (RFC 4106 / RFC 5282). The key excludes the 4-byte salt.</summary>
    IAeadCipher CreateAead(AeadAlgorithm algorithm, ReadOnlySpan<byte> key);

    /// <summary>CBC-mode block cipher without padding (callers pad as ESP/IKE require).</summary>
    ICbcCipher CreateCbc(CbcAlgorithm algorithm, ReadOnlySpan<byte> key);

    /// <summary>HMAC producing the full hash length; truncation (e.g. HMAC-SHA2-256-128) is the caller's.</summary>
    IHmac CreateHmac(HashAlgorithm hash, ReadOnlySpan<byte> key);

    /// <summary>A fresh ephemeral key pair for the given IKE group (IANA Transform Type 4 numbers).</summary>
    IKeyExchange CreateKeyExchange(KeyExchangeGroup group);

    /// <summary>A key pair from a fixed private key, for known-answer tests (RFC 5903, RFC 7748 vectors).</summary>
    IKeyExchange CreateKeyExchange(KeyExchangeGroup group, ReadOnlySpan<byte> privateKey);

    /// <summary>Cryptographically secure random bytes (nonces, SPIs, IVs).</summary>
    void GetRandomBytes(Span<byte> destination);

    /// <summary>
    /// A plain (unkeyed) hash; returns bytes written. IKE needs it for NAT_DETECTION_*_IP, which RFC 7296 §2.23
    /// fixes as SHA-1 over SPIs, address and port. Providers without a hash of their own get the BCL's (OpenSSL).
    /// </summary>
    int ComputeHash(HashAlgorithm hash, ReadOnlySpan<byte> data, Span<byte> destination) => hash switch
    {
        HashAlgorithm.Sha1 => System.Security.Cryptography.SHA1.HashData(data, destination),
        HashAlgorithm.Sha256 => System.Security.Cryptography.SHA256.HashData(data, destination),
        HashAlgorithm.Sha384 => System.Security.Cryptography.SHA384.HashData(data, destination),
        HashAlgorithm.Sha512 => System.Security.Cryptography.SHA512.HashData(data, destination),
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, null),
    };
}

public interface IAeadCipher : IDisposable
{
    AeadAlgorithm Algorithm { get; }
    int KeySize { get; }
    int TagSize { get; }

    /// <param name="nonce">12 bytes: salt(4) || IV(8) as in RFC 4106 §4.</param>
    void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> associatedData);

    /// <summary>Returns false (and leaves plaintext cleared) when the tag does not verify; never throws for that.</summary>
    bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData);
}

public interface ICbcCipher : IDisposable
{
    CbcAlgorithm Algorithm { get; }
    int KeySize { get; }
    int BlockSize { get; }

    /// <summary>Length must be a multiple of <see cref="BlockSize"/>; destination may alias source.</summary>
    void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, Span<byte> destination);

    void Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> destination);
}

public interface IHmac : IDisposable
{
    HashAlgorithm Hash { get; }
    int HashSize { get; }

    /// <summary>One-shot MAC of <paramref name="data"/>; returns bytes written (== HashSize).</summary>
    int Compute(ReadOnlySpan<byte> data, Span<byte> destination);

    /// <summary>Incremental use (prf+ in RFC 7296 §2.13 feeds T(n-1) | S | n).</summary>
    void Append(ReadOnlySpan<byte> data);

    int GetHashAndReset(Span<byte> destination);
}

public interface IKeyExchange : IDisposable
{
    KeyExchangeGroup Group { get; }

    /// <summary>Public value in IKEv2 KE payload encoding: MODP big-endian padded to the prime length (RFC 7296 §3.4),
    /// ECP x||y each padded to the field size (RFC 5903 §7), curve25519 the 32-byte u-coordinate (RFC 8031).</summary>
    ReadOnlySpan<byte> PublicKey { get; }

    /// <summary>Validates the peer value (range, on-curve, non-zero result) and returns g^ir in the RFC encoding.
    /// Throws <see cref="System.Security.Cryptography.CryptographicException"/> for an invalid peer value.</summary>
    byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey);
}
