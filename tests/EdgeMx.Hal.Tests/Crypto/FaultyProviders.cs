using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;
using HashAlgorithm = EdgeMx.Hal.Crypto.HashAlgorithm;

namespace EdgeMx.Hal.Tests.Crypto;

/// <summary>Wraps a good provider and flips one output bit of one primitive: what a miscompiled or faulty crypto
/// engine looks like to the self-test.</summary>
internal sealed class CorruptingProvider(ICryptoProvider inner, CryptoAlgorithm broken) : ICryptoProvider
{
    public string Name => "corrupting";
    public bool Supports(CryptoAlgorithm algorithm) => inner.Supports(algorithm);

    public IAeadCipher CreateAead(AeadAlgorithm algorithm, ReadOnlySpan<byte> key) =>
        broken == algorithm.ToAlgorithm() ? new Aead(inner.CreateAead(algorithm, key)) : inner.CreateAead(algorithm, key);

    public ICbcCipher CreateCbc(CbcAlgorithm algorithm, ReadOnlySpan<byte> key) =>
        broken == algorithm.ToAlgorithm() ? new Cbc(inner.CreateCbc(algorithm, key)) : inner.CreateCbc(algorithm, key);

    public IHmac CreateHmac(HashAlgorithm hash, ReadOnlySpan<byte> key) =>
        broken == hash.ToHmacAlgorithm() ? new Hmac(inner.CreateHmac(hash, key)) : inner.CreateHmac(hash, key);

    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group) => CreateKeyExchange(group, default);

    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group, ReadOnlySpan<byte> privateKey)
    {
        var ke = privateKey.IsEmpty ? inner.CreateKeyExchange(group) : inner.CreateKeyExchange(group, privateKey);
        return broken == group.ToAlgorithm() ? new KeyExchange(ke) : ke;
    }

    public void GetRandomBytes(Span<byte> destination) => inner.GetRandomBytes(destination);

    private sealed class Aead(IAeadCipher c) : IAeadCipher
    {
        public AeadAlgorithm Algorithm => c.Algorithm;
        public int KeySize => c.KeySize;
        public int TagSize => c.TagSize;
        public void Encrypt(ReadOnlySpan<byte> n, ReadOnlySpan<byte> p, Span<byte> ct, Span<byte> t, ReadOnlySpan<byte> a)
        {
            c.Encrypt(n, p, ct, t, a);
            t[3] ^= 0x04;
        }
        public bool TryDecrypt(ReadOnlySpan<byte> n, ReadOnlySpan<byte> ct, ReadOnlySpan<byte> t, Span<byte> p, ReadOnlySpan<byte> a) =>
            c.TryDecrypt(n, ct, t, p, a);
        public void Dispose() => c.Dispose();
    }

    private sealed class Cbc(ICbcCipher c) : ICbcCipher
    {
        public CbcAlgorithm Algorithm => c.Algorithm;
        public int KeySize => c.KeySize;
        public int BlockSize => c.BlockSize;
        public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> p, Span<byte> d)
        {
            c.Encrypt(iv, p, d);
            d[0] ^= 0x01;
        }
        public void Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ct, Span<byte> d) => c.Decrypt(iv, ct, d);
        public void Dispose() => c.Dispose();
    }

    private sealed class Hmac(IHmac h) : IHmac
    {
        public HashAlgorithm Hash => h.Hash;
        public int HashSize => h.HashSize;
        public int Compute(ReadOnlySpan<byte> data, Span<byte> d)
        {
            var n = h.Compute(data, d);
            d[^1] ^= 0x80;
            return n;
        }
        public void Append(ReadOnlySpan<byte> data) => h.Append(data);
        public int GetHashAndReset(Span<byte> d) => h.GetHashAndReset(d);
        public void Dispose() => h.Dispose();
    }

    private sealed class KeyExchange(IKeyExchange k) : IKeyExchange
    {
        public KeyExchangeGroup Group => k.Group;
        public ReadOnlySpan<byte> PublicKey => k.PublicKey;
        public byte[] DeriveSharedSecret(ReadOnlySpan<byte> peer)
        {
            var s = k.DeriveSharedSecret(peer);
            s[^1] ^= 0x01;
            return s;
        }
        public void Dispose() => k.Dispose();
    }
}

/// <summary>Computes correctly but never refuses anything: a forged tag decrypts, any peer value is used.</summary>
internal sealed class AcceptingProvider(ICryptoProvider inner) : ICryptoProvider
{
    public string Name => "accepting";
    public bool Supports(CryptoAlgorithm algorithm) => inner.Supports(algorithm);
    public IAeadCipher CreateAead(AeadAlgorithm algorithm, ReadOnlySpan<byte> key) => new Aead(inner.CreateAead(algorithm, key));
    public ICbcCipher CreateCbc(CbcAlgorithm algorithm, ReadOnlySpan<byte> key) => inner.CreateCbc(algorithm, key);
    public IHmac CreateHmac(HashAlgorithm hash, ReadOnlySpan<byte> key) => inner.CreateHmac(hash, key);
    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group) => new KeyExchange(inner.CreateKeyExchange(group));
    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group, ReadOnlySpan<byte> privateKey) =>
        new KeyExchange(inner.CreateKeyExchange(group, privateKey));
    public void GetRandomBytes(Span<byte> destination) => inner.GetRandomBytes(destination);

    private sealed class Aead(IAeadCipher c) : IAeadCipher
    {
        public AeadAlgorithm Algorithm => c.Algorithm;
        public int KeySize => c.KeySize;
        public int TagSize => c.TagSize;
        public void Encrypt(ReadOnlySpan<byte> n, ReadOnlySpan<byte> p, Span<byte> ct, Span<byte> t, ReadOnlySpan<byte> a) =>
            c.Encrypt(n, p, ct, t, a);
        public bool TryDecrypt(ReadOnlySpan<byte> n, ReadOnlySpan<byte> ct, ReadOnlySpan<byte> t, Span<byte> p, ReadOnlySpan<byte> a)
        {
            c.TryDecrypt(n, ct, t, p, a);
            return true;
        }
        public void Dispose() => c.Dispose();
    }

    private sealed class KeyExchange(IKeyExchange k) : IKeyExchange
    {
        public KeyExchangeGroup Group => k.Group;
        public ReadOnlySpan<byte> PublicKey => k.PublicKey;
        public byte[] DeriveSharedSecret(ReadOnlySpan<byte> peer)
        {
            try
            {
                return k.DeriveSharedSecret(peer);
            }
            catch (CryptographicException)
            {
                return new byte[peer.Length];
            }
        }
        public void Dispose() => k.Dispose();
    }
}

/// <summary>Says it supports AES-GCM only.</summary>
internal sealed class LimitedProvider(ICryptoProvider inner) : ICryptoProvider
{
    public string Name => "limited";
    public bool Supports(CryptoAlgorithm algorithm) => algorithm == CryptoAlgorithm.AesGcm16;
    public IAeadCipher CreateAead(AeadAlgorithm algorithm, ReadOnlySpan<byte> key) => inner.CreateAead(algorithm, key);
    public ICbcCipher CreateCbc(CbcAlgorithm algorithm, ReadOnlySpan<byte> key) => throw new NotSupportedException();
    public IHmac CreateHmac(HashAlgorithm hash, ReadOnlySpan<byte> key) => throw new NotSupportedException();
    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group) => throw new NotSupportedException();
    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group, ReadOnlySpan<byte> privateKey) => throw new NotSupportedException();
    public void GetRandomBytes(Span<byte> destination) => inner.GetRandomBytes(destination);
}
