using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Hal.Linux.Crypto.Platform;

/// <summary>AES-GCM with a 16-byte ICV through <see cref="AesGcm"/> (OpenSSL EVP: AES-NI + PCLMULQDQ, or ARMv8 AES + PMULL).</summary>
internal sealed class PlatformAesGcm : IAeadCipher
{
    private readonly AesGcm _aes;
    private readonly byte[] _lastNonce = new byte[CryptoArguments.GcmNonceSize];
    private bool _first = true;

    public PlatformAesGcm(ReadOnlySpan<byte> key)
    {
        CryptoArguments.AesKey(key);
        _aes = new AesGcm(key, CryptoArguments.GcmTagSize);
        KeySize = key.Length;
    }

    public AeadAlgorithm Algorithm => AeadAlgorithm.AesGcm16;
    public int KeySize { get; }
    public int TagSize => CryptoArguments.GcmTagSize;

    public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> associatedData)
    {
        CryptoArguments.Gcm(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        CryptoArguments.NonceNotRepeated(_lastNonce, nonce, _first);
        _first = false;
        _aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
    }

    public bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag,
        Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        CryptoArguments.Gcm(nonce, ciphertext.Length, plaintext.Length, tag.Length);
        try
        {
            _aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            plaintext.Clear();
            return false;
        }
    }

    public void Dispose() => _aes.Dispose();
}
