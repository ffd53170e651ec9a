using EdgeMx.Hal.Crypto;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace EdgeMx.Hal.Linux.Crypto.Managed;

/// <summary>AES-CBC / 3DES-EDE-CBC without padding on BouncyCastle's <see cref="CbcBlockCipher"/> over the concrete
/// <see cref="AesEngine"/> / <see cref="DesEdeEngine"/>. One keyed instance per direction; each call re-initialises
/// the IV only.</summary>
internal sealed class ManagedCbcCipher : ICbcCipher
{
    private readonly CbcBlockCipher _encryptor;
    private readonly CbcBlockCipher _decryptor;
    private byte[] _scratch = new byte[2048];

    public ManagedCbcCipher(CbcAlgorithm algorithm, ReadOnlySpan<byte> key)
    {
        Algorithm = algorithm;
        switch (algorithm)
        {
            case CbcAlgorithm.AesCbc:
                CryptoArguments.AesKey(key);
                _encryptor = new CbcBlockCipher(new AesEngine());
                _decryptor = new CbcBlockCipher(new AesEngine());
                break;
            case CbcAlgorithm.TripleDesCbc:
                CryptoArguments.TripleDesKey(key);
                _encryptor = new CbcBlockCipher(new DesEdeEngine());
                _decryptor = new CbcBlockCipher(new DesEdeEngine());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null);
        }
        KeySize = key.Length;
        BlockSize = _encryptor.GetBlockSize();
        var keyParameter = new KeyParameter(key.ToArray());
        var iv = new byte[BlockSize];
        _encryptor.Init(true, new ParametersWithIV(keyParameter, iv));
        _decryptor.Init(false, new ParametersWithIV(keyParameter, iv));
    }

    public CbcAlgorithm Algorithm { get; }
    public int KeySize { get; }
    public int BlockSize { get; }

    public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        CryptoArguments.Cbc(BlockSize, iv, plaintext.Length, destination.Length);
        Run(_encryptor, iv, plaintext, destination);
    }

    public void Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> destination)
    {
        CryptoArguments.Cbc(BlockSize, iv, ciphertext.Length, destination.Length);
        Run(_decryptor, iv, ciphertext, destination);
    }

    private void Run(IBlockCipher cipher, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        cipher.Init(cipher == _encryptor, new ParametersWithIV(null, iv.ToArray()));
        if (_scratch.Length < input.Length) _scratch = new byte[Math.Max(input.Length, _scratch.Length * 2)];
        var buffer = _scratch;
        input.CopyTo(buffer); // copying first also makes any overlap of input and output harmless
        for (var offset = 0; offset < input.Length; offset += BlockSize)
            cipher.ProcessBlock(buffer, offset, buffer, offset);
        buffer.AsSpan(0, input.Length).CopyTo(output);
        buffer.AsSpan(0, input.Length).Clear();
    }

    public void Dispose() => Array.Clear(_scratch);
}
