using EdgeMx.Hal.Crypto;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using IAeadCipher = EdgeMx.Hal.Crypto.IAeadCipher;
using Org.BouncyCastle.Crypto.Parameters;

namespace EdgeMx.Hal.Linux.Crypto.Managed;

/// <summary>
/// AES-GCM-16 with BouncyCastle's <see cref="GcmBlockCipher"/> over <see cref="AesEngine"/> (concrete classes only,
/// so nothing is looked up by name at run time and Native AOT keeps working). The key (and GHASH table) is set once;
/// each message re-initialises with the nonce only. BouncyCastle 1.8.10 has no span APIs, so data goes through a
/// reusable scratch array (objects are single-threaded by contract).
/// </summary>
internal sealed class ManagedAesGcm : IAeadCipher
{
    private readonly GcmBlockCipher _encryptor = new(new AesEngine());
    private readonly GcmBlockCipher _decryptor = new(new AesEngine());
    private readonly byte[] _lastNonce = new byte[CryptoArguments.GcmNonceSize];
    private KeyParameter? _encryptorKey;
    private byte[] _scratch = new byte[2048];

    public ManagedAesGcm(ReadOnlySpan<byte> key)
    {
        CryptoArguments.AesKey(key);
        KeySize = key.Length;
        // The decryptor is keyed now; the encryptor with its first real nonce (see Encrypt). Later Init calls pass a
        // null key and reuse the key schedule and GHASH table.
        var keyParameter = new KeyParameter(key.ToArray());
        _decryptor.Init(false, new AeadParameters(keyParameter, 128, new byte[CryptoArguments.GcmNonceSize]));
        _encryptorKey = keyParameter;
    }

    public AeadAlgorithm Algorithm => AeadAlgorithm.AesGcm16;
    public int KeySize { get; }
    public int TagSize => CryptoArguments.GcmTagSize;

    public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
        ReadOnlySpan<byte> associatedData)
    {
        CryptoArguments.Gcm(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        CryptoArguments.NonceNotRepeated(_lastNonce, nonce, first: _encryptorKey is not null);
        _encryptor.Init(true, new AeadParameters(_encryptorKey, 128, nonce.ToArray(), associatedData.ToArray()));
        _encryptorKey = null;
        var total = plaintext.Length + TagSize;
        var buffer = Scratch(total);
        plaintext.CopyTo(buffer);
        var written = _encryptor.ProcessBytes(buffer, 0, plaintext.Length, buffer, 0);
        written += _encryptor.DoFinal(buffer, written);
        buffer.AsSpan(0, plaintext.Length).CopyTo(ciphertext);
        buffer.AsSpan(plaintext.Length, TagSize).CopyTo(tag);
        buffer.AsSpan(0, total).Clear();
    }

    public bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag,
        Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        CryptoArguments.Gcm(nonce, ciphertext.Length, plaintext.Length, tag.Length);
        _decryptor.Init(false, new AeadParameters(null, 128, nonce.ToArray(), associatedData.ToArray()));
        var total = ciphertext.Length + TagSize;
        var buffer = Scratch(total);
        ciphertext.CopyTo(buffer);
        tag.CopyTo(buffer.AsSpan(ciphertext.Length));
        try
        {
            var written = _decryptor.ProcessBytes(buffer, 0, total, buffer, 0);
            _decryptor.DoFinal(buffer, written);
            buffer.AsSpan(0, ciphertext.Length).CopyTo(plaintext);
            return true;
        }
        catch (InvalidCipherTextException)
        {
            plaintext.Clear();
            return false;
        }
        finally
        {
            buffer.AsSpan(0, total).Clear();
        }
    }

    private byte[] Scratch(int length)
    {
        if (_scratch.Length < length) _scratch = new byte[Math.Max(length, _scratch.Length * 2)];
        return _scratch;
    }

    public void Dispose() => Array.Clear(_scratch);
}
