using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Managed;
using EdgeMx.Hal.Linux.Crypto.Platform;
using EdgeMx.Testing;

namespace EdgeMx.Hal.Tests.Crypto;

/// <summary>
/// The platform (OpenSSL) and managed (BouncyCastle) providers are independent implementations; on thousands of random
/// keys, nonces, lengths and data they must produce identical bytes, and each must open what the other sealed.
/// Seeds are fixed so a failure reproduces.
/// </summary>
public class CrossProviderAgreementTests
{
    private readonly ICryptoProvider _platform = new PlatformCryptoProvider();
    private readonly ICryptoProvider _managed = new ManagedCryptoProvider();

    [Fact]
    public void Aes_gcm_agrees_on_3000_random_messages()
    {
        var random = new Random(6001);
        for (var i = 0; i < 3000; i++)
        {
            var key = Bytes(random, new[] { 16, 24, 32 }[i % 3]);
            var nonce = Bytes(random, 12);
            var plaintext = Bytes(random, random.Next(0, 1500));
            var aad = Bytes(random, random.Next(0, 3) * 4 + 4); // ESP: SPI|seq (8) or SPI|ESN|seq (12)
            using var a = _platform.CreateAead(AeadAlgorithm.AesGcm16, key);
            using var b = _managed.CreateAead(AeadAlgorithm.AesGcm16, key);
            var (c1, t1) = (new byte[plaintext.Length], new byte[16]);
            var (c2, t2) = (new byte[plaintext.Length], new byte[16]);
            a.Encrypt(nonce, plaintext, c1, t1, aad);
            b.Encrypt(nonce, plaintext, c2, t2, aad);
            Assert.Equal(Hex.Format(c1), Hex.Format(c2));
            Assert.Equal(Hex.Format(t1), Hex.Format(t2));

            var back = new byte[plaintext.Length];
            Assert.True(b.TryDecrypt(nonce, c1, t1, back, aad));
            Assert.Equal(plaintext, back);
            t1[random.Next(16)] ^= (byte)(1 << random.Next(8));
            Assert.False(a.TryDecrypt(nonce, c1, t1, back, aad));
            Assert.False(b.TryDecrypt(nonce, c1, t1, back, aad));
        }
    }

    [Theory]
    [InlineData(CbcAlgorithm.AesCbc)]
    [InlineData(CbcAlgorithm.TripleDesCbc)]
    public void Cbc_agrees_on_2000_random_messages(CbcAlgorithm algorithm)
    {
        var random = new Random(6002 + (int)algorithm);
        for (var i = 0; i < 2000; i++)
        {
            var key = algorithm == CbcAlgorithm.AesCbc ? Bytes(random, new[] { 16, 24, 32 }[i % 3]) : Bytes(random, 24);
            using var a = _platform.CreateCbc(algorithm, key);
            using var b = _managed.CreateCbc(algorithm, key);
            var iv = Bytes(random, a.BlockSize);
            var plaintext = Bytes(random, a.BlockSize * random.Next(0, 95));
            var c1 = new byte[plaintext.Length];
            var c2 = new byte[plaintext.Length];
            a.Encrypt(iv, plaintext, c1);
            b.Encrypt(iv, plaintext, c2);
            Assert.Equal(Hex.Format(c1), Hex.Format(c2));
            b.Decrypt(iv, c1, c2);
            Assert.Equal(plaintext, c2);
        }
    }

    [Theory]
    [InlineData(HashAlgorithm.Sha1)]
    [InlineData(HashAlgorithm.Sha256)]
    [InlineData(HashAlgorithm.Sha384)]
    [InlineData(HashAlgorithm.Sha512)]
    public void Hmac_agrees_on_2000_random_messages_one_shot_and_incremental(HashAlgorithm hash)
    {
        var random = new Random(6010 + (int)hash);
        for (var i = 0; i < 2000; i++)
        {
            var key = Bytes(random, random.Next(1, 200)); // includes keys longer than the block (hashed first)
            var data = Bytes(random, random.Next(0, 1500));
            using var a = _platform.CreateHmac(hash, key);
            using var b = _managed.CreateHmac(hash, key);
            var m1 = new byte[a.HashSize];
            var m2 = new byte[b.HashSize];
            a.Compute(data, m1);
            var cut = random.Next(0, data.Length + 1);
            b.Append(data.AsSpan(0, cut));
            b.Append(data.AsSpan(cut));
            b.GetHashAndReset(m2);
            Assert.Equal(Hex.Format(m1), Hex.Format(m2));
        }
    }

    [Theory]
    [InlineData(KeyExchangeGroup.Curve25519, 2000)]
    [InlineData(KeyExchangeGroup.Ecp256, 1000)]
    [InlineData(KeyExchangeGroup.Ecp384, 100)]
    [InlineData(KeyExchangeGroup.Modp1024, 200)]
    [InlineData(KeyExchangeGroup.Modp2048, 100)]
    [InlineData(KeyExchangeGroup.Modp3072, 40)]
    public void Key_exchange_agrees_across_providers(KeyExchangeGroup group, int rounds)
    {
        var random = new Random(6020 + (int)group);
        for (var i = 0; i < rounds; i++)
        {
            // The same fixed private key in both providers gives the same public value; a platform initiator and a
            // managed responder (and the reverse) derive the same secret.
            var privateKey = RandomPrivateKey(random, group);
            using var a = _platform.CreateKeyExchange(group, privateKey);
            using var b = _managed.CreateKeyExchange(group, privateKey);
            Assert.Equal(Hex.Format(a.PublicKey), Hex.Format(b.PublicKey));

            using var peer = (i % 2 == 0 ? _managed : _platform).CreateKeyExchange(group);
            var s1 = a.DeriveSharedSecret(peer.PublicKey);
            var s2 = b.DeriveSharedSecret(peer.PublicKey);
            var s3 = peer.DeriveSharedSecret(a.PublicKey);
            Assert.Equal(Hex.Format(s1), Hex.Format(s2));
            Assert.Equal(Hex.Format(s1), Hex.Format(s3));
        }
    }

    [Theory]
    [InlineData(KeyExchangeGroup.Curve25519)]
    [InlineData(KeyExchangeGroup.Ecp256)]
    [InlineData(KeyExchangeGroup.Ecp384)]
    [InlineData(KeyExchangeGroup.Modp2048)]
    public void Both_providers_refuse_the_same_random_garbage(KeyExchangeGroup group)
    {
        var random = new Random(6030 + (int)group);
        using var a = _platform.CreateKeyExchange(group);
        using var b = _managed.CreateKeyExchange(group);
        var length = a.PublicKey.Length;
        for (var i = 0; i < (group is KeyExchangeGroup.Modp2048 ? 60 : 300); i++)
        {
            var garbage = Bytes(random, i % 10 == 0 ? random.Next(0, 2 * length) : length);
            var r1 = Outcome(() => a.DeriveSharedSecret(garbage));
            var r2 = Outcome(() => b.DeriveSharedSecret(garbage));
            // X25519 accepts any 32 bytes that are not low-order (every u is on the curve or its twist); the others
            // must refuse nearly all random strings, and both providers must decide identically either way.
            Assert.Equal(r1.Refused, r2.Refused);
            if (!r1.Refused) Assert.NotNull(r1.Secret);
        }
    }

    private static (bool Refused, string? Secret) Outcome(Func<byte[]> derive)
    {
        try
        {
            return (false, Hex.Format(derive()));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return (true, null);
        }
    }

    private static byte[] RandomPrivateKey(Random random, KeyExchangeGroup group)
    {
        if (ModpGroup.TryGet(group, out _)) return Bytes(random, 32, nonZeroFirst: true);
        if (EcpCurve.TryGet(group, out var curve))
        {
            // A random scalar below n (n is just under 2^bits for both curves, so retries are rare).
            while (true)
            {
                var d = Bytes(random, curve.Length);
                var value = new System.Numerics.BigInteger(d, isUnsigned: true, isBigEndian: true);
                if (!value.IsZero && value < curve.Order) return d;
            }
        }
        return Bytes(random, 32);
    }

    private static byte[] Bytes(Random random, int length, bool nonZeroFirst = false)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        if (nonZeroFirst && length > 0) bytes[0] |= 0x80;
        return bytes;
    }
}
