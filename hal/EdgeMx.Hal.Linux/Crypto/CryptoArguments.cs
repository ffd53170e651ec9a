using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;
using HashAlgorithm = EdgeMx.Hal.Crypto.HashAlgorithm;

namespace EdgeMx.Hal.Linux.Crypto;

/// <summary>The argument checks every provider runs the same way, so providers fail identically on misuse.</summary>
internal static class CryptoArguments
{
    public const int GcmNonceSize = 12;
    public const int GcmTagSize = 16;

    public static void AesKey(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
            throw new CryptographicException($"AES key must be 16, 24 or 32 bytes, got {key.Length}");
    }

    /// <summary>3DES-EDE with three independent keys (RFC 2451 §2.3). A key whose halves repeat (K1 = K2 or
    /// K2 = K3) degenerates to single DES; both providers refuse it the way the BCL does.</summary>
    public static void TripleDesKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != 24)
            throw new CryptographicException($"3DES key must be 24 bytes, got {key.Length}");
        if (key[..8].SequenceEqual(key[8..16]) || key[8..16].SequenceEqual(key[16..]))
            throw new CryptographicException("3DES key is weak (two of its three DES keys are equal)");
    }

    public static void Gcm(ReadOnlySpan<byte> nonce, int inputLength, int outputLength, int tagLength)
    {
        if (nonce.Length != GcmNonceSize)
            throw new ArgumentException($"AES-GCM nonce must be {GcmNonceSize} bytes (salt||IV), got {nonce.Length}", nameof(nonce));
        if (outputLength != inputLength)
            throw new ArgumentException($"output must be exactly as long as the input ({inputLength}), got {outputLength}");
        if (tagLength != GcmTagSize)
            throw new ArgumentException($"AES-GCM-16 tag must be {GcmTagSize} bytes, got {tagLength}", "tag");
    }

    /// <summary>
    /// Encrypting twice in a row under one nonce would give away the GHASH key (RFC 4106 §3.1 / §8: the IV MUST NOT
    /// repeat for a key). Callers use counters or fresh random IVs, so a repeat is a bug; it is refused, and the
    /// nonce remembered for the next call.
    /// </summary>
    public static void NonceNotRepeated(Span<byte> last, ReadOnlySpan<byte> nonce, bool first)
    {
        if (!first && last.SequenceEqual(nonce))
            throw new CryptographicException("AES-GCM nonce repeated for this key");
        nonce.CopyTo(last);
    }

    public static void Cbc(int blockSize, ReadOnlySpan<byte> iv, int inputLength, int destinationLength)
    {
        if (iv.Length != blockSize)
            throw new ArgumentException($"IV must be {blockSize} bytes, got {iv.Length}", nameof(iv));
        if (inputLength % blockSize != 0)
            throw new ArgumentException($"CBC input must be a multiple of {blockSize} bytes, got {inputLength}");
        if (destinationLength < inputLength)
            throw new ArgumentException($"destination holds {destinationLength} bytes, needs {inputLength}", "destination");
    }

    public static void HashDestination(HashAlgorithm hash, int destinationLength)
    {
        if (destinationLength < hash.HashSize())
            throw new ArgumentException($"destination holds {destinationLength} bytes, HMAC-{hash} needs {hash.HashSize()}", "destination");
    }

    /// <summary>A shared secret of all zero bytes means a low-order or otherwise degenerate peer value.</summary>
    public static void NotAllZero(ReadOnlySpan<byte> secret, string what)
    {
        if (!secret.ContainsAnyExcept((byte)0))
            throw new CryptographicException($"{what} shared secret is all zero (invalid peer public value)");
    }
}
