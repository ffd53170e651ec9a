namespace EdgeMx.Hal.Crypto.SelfTest;

/// <summary>
/// A provider with one primitive deliberately broken (one output bit flipped), for demonstrating the fail-closed
/// start-up path on a real appliance: the known-answer self-test must catch it, disable the provider, raise the fault
/// event and blink the fault LED (FIPS 140-3 asks the same of a module's error state). Only ever built when the
/// operator sets EDGEMX_CRYPTO_FAULT_INJECT (see <see cref="Parse"/>); the appliance logs and records that it is on.
/// The wrapper keeps the inner provider's name, so status and events speak of the real provider.
/// </summary>
public sealed class FaultInjectedProvider(ICryptoProvider inner, CryptoAlgorithm broken) : ICryptoProvider
{
    public const string EnvironmentVariable = "EDGEMX_CRYPTO_FAULT_INJECT";

    public ICryptoProvider Inner => inner;
    public CryptoAlgorithm Broken => broken;
    public string Name => inner.Name;

    /// <summary>"PROVIDER:ALGORITHM" ("platform:aes-gcm-16"); null for an empty value. Throws for anything else.</summary>
    public static (string Provider, CryptoAlgorithm Algorithm)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !CryptoAlgorithmMap.TryParse(value[(colon + 1)..], out var algorithm))
            throw new ArgumentException($"{EnvironmentVariable}=\"{value}\": expected PROVIDER:ALGORITHM, e.g. platform:aes-gcm-16");
        return (value[..colon], algorithm);
    }

    public bool Supports(CryptoAlgorithm algorithm) => inner.Supports(algorithm);

    public IAeadCipher CreateAead(AeadAlgorithm algorithm, ReadOnlySpan<byte> key) =>
        broken == algorithm.ToAlgorithm() ? new Aead(inner.CreateAead(algorithm, key)) : inner.CreateAead(algorithm, key);

    public ICbcCipher CreateCbc(CbcAlgorithm algorithm, ReadOnlySpan<byte> key) =>
        broken == algorithm.ToAlgorithm() ? new Cbc(inner.CreateCbc(algorithm, key)) : inner.CreateCbc(algorithm, key);

    public IHmac CreateHmac(HashAlgorithm hash, ReadOnlySpan<byte> key) =>
        broken == hash.ToHmacAlgorithm() ? new Hmac(inner.CreateHmac(hash, key)) : inner.CreateHmac(hash, key);

    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group) => Wrap(group, inner.CreateKeyExchange(group));

    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group, ReadOnlySpan<byte> privateKey) =>
        Wrap(group, inner.CreateKeyExchange(group, privateKey));

    public void GetRandomBytes(Span<byte> destination) => inner.GetRandomBytes(destination);

    private IKeyExchange Wrap(KeyExchangeGroup group, IKeyExchange ke) => broken == group.ToAlgorithm() ? new KeyExchange(ke) : ke;

    private sealed class Aead(IAeadCipher c) : IAeadCipher
    {
        public AeadAlgorithm Algorithm => c.Algorithm;
        public int KeySize => c.KeySize;
        public int TagSize => c.TagSize;

        public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag,
            ReadOnlySpan<byte> associatedData)
        {
            c.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
            tag[0] ^= 0x01;
        }

        public bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext,
            ReadOnlySpan<byte> associatedData) => c.TryDecrypt(nonce, ciphertext, tag, plaintext, associatedData);

        public void Dispose() => c.Dispose();
    }

    private sealed class Cbc(ICbcCipher c) : ICbcCipher
    {
        public CbcAlgorithm Algorithm => c.Algorithm;
        public int KeySize => c.KeySize;
        public int BlockSize => c.BlockSize;

        public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, Span<byte> destination)
        {
            c.Encrypt(iv, plaintext, destination);
            destination[0] ^= 0x01;
        }

        public void Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> destination) => c.Decrypt(iv, ciphertext, destination);
        public void Dispose() => c.Dispose();
    }

    private sealed class Hmac(IHmac h) : IHmac
    {
        public HashAlgorithm Hash => h.Hash;
        public int HashSize => h.HashSize;

        public int Compute(ReadOnlySpan<byte> data, Span<byte> destination)
        {
            var n = h.Compute(data, destination);
            destination[0] ^= 0x01;
            return n;
        }

        public void Append(ReadOnlySpan<byte> data) => h.Append(data);

        public int GetHashAndReset(Span<byte> destination)
        {
            var n = h.GetHashAndReset(destination);
            destination[0] ^= 0x01;
            return n;
        }

        public void Dispose() => h.Dispose();
    }

    private sealed class KeyExchange(IKeyExchange k) : IKeyExchange
    {
        public KeyExchangeGroup Group => k.Group;
        public ReadOnlySpan<byte> PublicKey => k.PublicKey;

        public byte[] DeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey)
        {
            var secret = k.DeriveSharedSecret(peerPublicKey);
            secret[^1] ^= 0x01;
            return secret;
        }

        public void Dispose() => k.Dispose();
    }
}
