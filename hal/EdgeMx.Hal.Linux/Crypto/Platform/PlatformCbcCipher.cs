using System.Buffers;
using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Hal.Linux.Crypto.Platform;

/// <summary>AES-CBC (RFC 3602) or 3DES-EDE-CBC (RFC 2451) without padding, through the BCL's one-shot CBC calls.</summary>
internal sealed class PlatformCbcCipher : ICbcCipher
{
    private readonly SymmetricAlgorithm _cipher;

    public PlatformCbcCipher(CbcAlgorithm algorithm, ReadOnlySpan<byte> key)
    {
        Algorithm = algorithm;
        switch (algorithm)
        {
            case CbcAlgorithm.AesCbc:
                CryptoArguments.AesKey(key);
                _cipher = Aes.Create();
                break;
            case CbcAlgorithm.TripleDesCbc:
                CryptoArguments.TripleDesKey(key);
                _cipher = TripleDES.Create();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null);
        }
        _cipher.Key = key.ToArray();
        KeySize = key.Length;
        BlockSize = _cipher.BlockSize / 8;
    }

    public CbcAlgorithm Algorithm { get; }
    public int KeySize { get; }
    public int BlockSize { get; }

    public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        CryptoArguments.Cbc(BlockSize, iv, plaintext.Length, destination.Length);
        Run(encrypt: true, iv, plaintext, destination[..plaintext.Length]);
    }

    public void Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> destination)
    {
        CryptoArguments.Cbc(BlockSize, iv, ciphertext.Length, destination.Length);
        Run(encrypt: false, iv, ciphertext, destination[..ciphertext.Length]);
    }

    private void Run(bool encrypt, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.IsEmpty) return;
        // In-place (same start) is the common ESP case and is safe; a partial overlap is copied first so the result
        // never depends on how the cipher walks its buffers.
        if (input.Overlaps(output, out var offset) && offset != 0)
        {
            var copy = ArrayPool<byte>.Shared.Rent(input.Length);
            try
            {
                input.CopyTo(copy);
                Run(encrypt, iv, copy.AsSpan(0, input.Length), output);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(copy.AsSpan(0, input.Length));
                ArrayPool<byte>.Shared.Return(copy);
            }
            return;
        }
        var written = encrypt
            ? _cipher.EncryptCbc(input, iv, output, PaddingMode.None)
            : _cipher.DecryptCbc(input, iv, output, PaddingMode.None);
        if (written != input.Length)
            throw new CryptographicException($"CBC produced {written} bytes for {input.Length}");
    }

    public void Dispose() => _cipher.Dispose();
}
