using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;
using EdgeMx.Testing;

namespace EdgeMx.Hal.Tests.Crypto;

public partial class KnownAnswerTests
{
    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void X25519_matches_rfc7748_section_6_1(string provider)
    {
        var p = Providers.Create(provider);
        using var alice = p.CreateKeyExchange(KeyExchangeGroup.Curve25519,
            Hex.Parse("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        using var bob = p.CreateKeyExchange(KeyExchangeGroup.Curve25519,
            Hex.Parse("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Hex.Format(alice.PublicKey));
        Assert.Equal("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", Hex.Format(bob.PublicKey));
        const string k = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        Assert.Equal(k, Hex.Format(alice.DeriveSharedSecret(bob.PublicKey)));
        Assert.Equal(k, Hex.Format(bob.DeriveSharedSecret(alice.PublicKey)));
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void X25519_matches_rfc7748_section_5_2_scalar_multiplication(string provider)
    {
        // The first §5.2 vector: an unclamped scalar and a u-coordinate; clamping happens inside the function.
        using var ke = Providers.Create(provider).CreateKeyExchange(KeyExchangeGroup.Curve25519,
            Hex.Parse("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"));
        Assert.Equal("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
            Hex.Format(ke.DeriveSharedSecret(Hex.Parse("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void X25519_refuses_low_order_points_and_bad_lengths(string provider)
    {
        using var ke = Providers.Create(provider).CreateKeyExchange(KeyExchangeGroup.Curve25519);
        // u = 0, u = 1 and a point of order 8: each gives the all-zero secret, refused (RFC 7748 §6.1, RFC 8031 §2.1).
        foreach (var u in new[]
                 {
                     "0000000000000000000000000000000000000000000000000000000000000000",
                     "0100000000000000000000000000000000000000000000000000000000000000",
                     "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
                 })
            Assert.Throws<CryptographicException>(() => ke.DeriveSharedSecret(Hex.Parse(u)));
        Assert.Throws<CryptographicException>(() => ke.DeriveSharedSecret(new byte[31]));
        Assert.Throws<CryptographicException>(() => ke.DeriveSharedSecret(new byte[33]));
        Assert.Throws<CryptographicException>(() =>
            Providers.Create(provider).CreateKeyExchange(KeyExchangeGroup.Curve25519, new byte[31]));
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Every_group_supported_by_a_provider_agrees_with_itself(string provider)
    {
        var p = Providers.Create(provider);
        foreach (var group in Enum.GetValues<KeyExchangeGroup>())
        {
            Assert.True(p.Supports(group.ToAlgorithm()), $"{provider} lacks {group}");
            using var a = p.CreateKeyExchange(group);
            using var b = p.CreateKeyExchange(group);
            Assert.Equal(group, a.Group);
            Assert.Equal(Hex.Format(a.DeriveSharedSecret(b.PublicKey)), Hex.Format(b.DeriveSharedSecret(a.PublicKey)));
        }
    }
}
