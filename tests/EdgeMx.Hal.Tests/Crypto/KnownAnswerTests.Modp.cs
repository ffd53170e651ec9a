using System.Numerics;
using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;
using EdgeMx.Testing;

namespace EdgeMx.Hal.Tests.Crypto;

public partial class KnownAnswerTests
{
    // MODP-2048 with a = SHA-256("EdgeMx MODP known-answer initiator"), b = SHA-256("... responder"). No published IKE
    // vector exists for the RFC 3526 groups; these values were computed with OpenSSL 3.0's DH (Python cryptography
    // 48, DHPrivateNumbers.exchange), an implementation independent of both providers.
    private const string ModpA = "5fd087c6a9a65fe3715926759105e119da7032c6e54414dccc55deafb712b3f8";
    private const string ModpB = "d83cbeae767db4e21fa0436823eda8bfb64611fcfdaf393e14ba504f8e8122b8";

    private const string Modp2048Ga =
        "8cb4bedd81c76cf5dd34d804ed913a101f7440b0b25269b9552eeb23c23e464491c5f93a0319a7698375fa55dcb49b9af06b3c40e48d85243cb7459371ac4fd6" +
        "212f0fc3486f4f280268f19e680ec0dbd6a9361e85b292a1ac8e325bb14543f817189a26e0637f3b30b09bae64a0e2c9ab590f8b55feaa866fb414553c4ae2a3" +
        "81567e1bafa8e06e0913e8541561d06187abd9e91bff91d5004e50d196227f1bdfc819cca59c0cc828305239564d62baa8c3f3270e37a58b2304609ce5721ab7" +
        "ec86506ac96a5c83f52d23e0aa783efb470827a46084bc44ce41369b2e37542fc0521d17c4375681f129c3dd9b9d2be790172d31257ffb066044a083f6bcd5de";

    private const string Modp2048Gb =
        "dfab6786f883f9d3667c6f916847f2d6902fd6afc860891d2f84ba9f02f77fac48de2192c8801d6553df46e602e63ee5849273b6cf5c86a6ba3f001ac94cd541" +
        "3efd0c7682c20ad06a7bce0459eca6787c24e19db52d79c5f7b308a54898d794ffa5487f41bea11942809d989a389c299e028e61b6d218f20db8103914a71f76" +
        "19f823af0750d64e71393dc6b1ab0b167ca9bb540d24eb0fd3692c1f9ce5d2121c86e2f0198a97f2db1a8a6f210737eff76745142c71cb3262f3fa1f0632d8cc" +
        "dd7c3cd9fcb30c0f16ac1a4bf7bd8f933d403953dd5514f3ad3b32eb15bbfb708dfbdaaa943eb56c8cc578e9922910f3683b6a93bf6783e14ba579fadad0bccf";

    private const string Modp2048Gab =
        "37f3f66f9ab42ab4d31576b8ea59f0e29b9596d67da53cc99a7ed2ea6a3f91781577eef2b0fceedca8d9c66597014ee0f3c41816a7ad174bcfdf11228cb6b22f" +
        "88d0996865e08f72c7e9553a29026b31e08359b02fee92100a3e6f2aeb763092b44490e21388057d4c9da6f8c4031f465e96450b5f1bfce0b311a36da06d8182" +
        "aad31fc8463cc3831530a5fa46286ad609a4100ce8a0e99d4ecababcfd763ffdf5ae3f62d1d86e7842cac8acdfa8d2d54e1f30a988772da6616775c3221fba9e" +
        "fba9dd1058af5247429337f6de5c86b01d70a3523bf89df9e79c58d6a339c6003ccfc52563edab401678f7d29d42864128d2a0a2607b9ddf3c0ebdbb9ce9de65";

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Modp2048_matches_the_openssl_vector_in_both_directions(string provider)
    {
        var p = Providers.Create(provider);
        using var a = p.CreateKeyExchange(KeyExchangeGroup.Modp2048, Hex.Parse(ModpA));
        using var b = p.CreateKeyExchange(KeyExchangeGroup.Modp2048, Hex.Parse(ModpB));
        Assert.Equal(KeyExchangeGroup.Modp2048, a.Group);
        Assert.Equal(Modp2048Ga, Hex.Format(a.PublicKey));
        Assert.Equal(Modp2048Gb, Hex.Format(b.PublicKey));
        Assert.Equal(Modp2048Gab, Hex.Format(a.DeriveSharedSecret(b.PublicKey)));
        Assert.Equal(Modp2048Gab, Hex.Format(b.DeriveSharedSecret(a.PublicKey)));
    }

    [Theory]
    [MemberData(nameof(ModpGroups))]
    public void Modp_fresh_key_pairs_agree_and_are_padded_to_the_prime_length(string provider, KeyExchangeGroup group)
    {
        var p = Providers.Create(provider);
        var modp = ModpGroup.Get(group);
        using var a = p.CreateKeyExchange(group);
        using var b = p.CreateKeyExchange(group);
        Assert.Equal(modp.Length, a.PublicKey.Length);
        var y = new BigInteger(a.PublicKey, isUnsigned: true, isBigEndian: true);
        Assert.True(y > 1 && y < modp.Prime - 1);
        var s1 = a.DeriveSharedSecret(b.PublicKey);
        var s2 = b.DeriveSharedSecret(a.PublicKey);
        Assert.Equal(modp.Length, s1.Length);
        Assert.Equal(Hex.Format(s1), Hex.Format(s2));
        Assert.NotEqual(Hex.Format(a.PublicKey), Hex.Format(b.PublicKey));
    }

    public static TheoryData<string, KeyExchangeGroup> ModpGroups()
    {
        var data = new TheoryData<string, KeyExchangeGroup>();
        foreach (var p in Providers.All.Keys)
        foreach (var g in new[] { KeyExchangeGroup.Modp1024, KeyExchangeGroup.Modp2048, KeyExchangeGroup.Modp3072 })
            data.Add(p, g);
        return data;
    }

    [Theory]
    [MemberData(nameof(ModpGroups))]
    public void Modp_refuses_peer_values_outside_the_open_range(string provider, KeyExchangeGroup group)
    {
        // RFC 6989 §2.1: 1 < y < p-1, and exactly the prime's length (RFC 7296 §3.4).
        var modp = ModpGroup.Get(group);
        using var ke = Providers.Create(provider).CreateKeyExchange(group);
        byte[] Encode(BigInteger v)
        {
            var bytes = new byte[modp.Length];
            v.TryWriteBytes(bytes.AsSpan(modp.Length - v.GetByteCount(true)), out _, true, true);
            return bytes;
        }
        foreach (var bad in new[] { BigInteger.Zero, BigInteger.One, modp.Prime - 1, modp.Prime })
            Assert.Throws<CryptographicException>(() => ke.DeriveSharedSecret(Encode(bad)));
        var tooBig = Enumerable.Repeat((byte)0xFF, modp.Length).ToArray();
        Assert.Throws<CryptographicException>(() => ke.DeriveSharedSecret(tooBig));
        Assert.Throws<CryptographicException>(() => ke.DeriveSharedSecret(Encode(2).AsSpan(1)));
        Assert.Throws<CryptographicException>(() => ke.DeriveSharedSecret([.. Encode(2), 0]));
        // 2 and p-2 are legal (the range is open at 1 and p-1 only).
        Assert.Equal(modp.Length, ke.DeriveSharedSecret(Encode(2)).Length);
        Assert.Equal(modp.Length, ke.DeriveSharedSecret(Encode(modp.Prime - 2)).Length);
    }
}
