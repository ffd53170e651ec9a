using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;
using EdgeMx.Testing;

namespace EdgeMx.Ike.Tests.Crypto;

/// <summary>Key exchange values as they travel in KE payloads: RFC 7748 §6.1 (curve25519, RFC 8031 encoding) and
/// RFC 5903 §8.1 (ECP-256: x||y on the wire, x alone as g^ir).</summary>
public class KeyExchangeTests
{
    [Fact]
    public void Curve25519_RFC_7748()
    {
        using var alice = TestCrypto.Provider.CreateKeyExchange(KeyExchangeGroup.Curve25519,
            Hex.Parse("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        var ke = RoundTrip(new KeyExchangePayload(31, alice.PublicKey.ToArray()));
        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Hex.Format(ke.Data));
        Assert.Equal(TransformCatalog.FindKeyExchange(31)!.PublicKeySize, ke.Data.Length);
        var shared = alice.DeriveSharedSecret(Hex.Parse("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Hex.Format(shared));
    }

    [Fact]
    public void Ecp256_RFC_5903()
    {
        using var initiator = TestCrypto.Provider.CreateKeyExchange(KeyExchangeGroup.Ecp256,
            Hex.Parse("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433"));
        var ke = RoundTrip(new KeyExchangePayload(19, initiator.PublicKey.ToArray()));
        Assert.Equal(("DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180" +
                      "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3").ToLowerInvariant(), Hex.Format(ke.Data));
        var shared = initiator.DeriveSharedSecret(Hex.Parse(
            "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63" +
            "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB"));
        Assert.Equal("d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de", Hex.Format(shared));
    }

    [Theory]
    [InlineData(KeyExchangeGroup.Modp1024)]
    [InlineData(KeyExchangeGroup.Modp2048)]
    [InlineData(KeyExchangeGroup.Modp3072)]
    [InlineData(KeyExchangeGroup.Ecp256)]
    [InlineData(KeyExchangeGroup.Ecp384)]
    [InlineData(KeyExchangeGroup.Curve25519)]
    public void Every_group_has_the_KE_length_the_catalog_checks_and_both_sides_agree(KeyExchangeGroup group)
    {
        var transform = TransformCatalog.FindKeyExchange((ushort)group)!;
        using var a = TestCrypto.Provider.CreateKeyExchange(group);
        using var b = TestCrypto.Provider.CreateKeyExchange(group);
        Assert.Equal(transform.PublicKeySize, a.PublicKey.Length);
        Assert.Equal(a.DeriveSharedSecret(b.PublicKey), b.DeriveSharedSecret(a.PublicKey));
    }

    private static KeyExchangePayload RoundTrip(KeyExchangePayload payload)
    {
        var header = new IkeHeader(1, 0, PayloadType.None, 2, 0, ExchangeType.IkeSaInit, IkeHeaderFlags.Initiator, 0, 0);
        return IkeMessage.Decode(new IkeMessage(header, [payload]).Encode()).Get<KeyExchangePayload>()!;
    }
}
