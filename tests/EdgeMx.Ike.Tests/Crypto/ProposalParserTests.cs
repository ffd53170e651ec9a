using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Messages;

namespace EdgeMx.Ike.Tests.Crypto;

public class ProposalParserTests
{
    [Fact]
    public void AEAD_IKE_proposal_with_explicit_PRF()
    {
        var p = Assert.Single(ProposalParser.Parse(ProtocolId.Ike, "aes256gcm16-prfsha256-x25519"));
        Assert.Equal("AES_GCM_16_256", Assert.Single(p.Encryption).Name);
        Assert.Equal(PrfAlgorithm.HmacSha256, Assert.Single(p.Prf).Algorithm);
        Assert.Empty(p.Integrity);
        Assert.Equal(KeyExchangeGroup.Curve25519, Assert.Single(p.KeyExchange).Group);
        Assert.Equal("aes256gcm16-prfsha256-curve25519", p.ToString());
    }

    [Fact]
    public void Classic_IKE_proposal_takes_its_PRF_from_the_integrity_algorithm()
    {
        var p = Assert.Single(ProposalParser.Parse(ProtocolId.Ike, "aes128-sha256-modp2048"));
        Assert.Equal(IntegrityAlgorithm.HmacSha256_128, Assert.Single(p.Integrity).Algorithm);
        Assert.Equal(PrfAlgorithm.HmacSha256, Assert.Single(p.Prf).Algorithm);
        Assert.Equal(KeyExchangeGroup.Modp2048, Assert.Single(p.KeyExchange).Group);
    }

    [Fact]
    public void Seed_001_default_phase_1_is_3des_sha1_group_2()
    {
        var p = Assert.Single(ProposalParser.Parse(ProtocolId.Ike, "3des-sha1-modp1024"));
        Assert.Equal(EncryptionAlgorithm.TripleDes, p.Encryption[0].Algorithm);
        Assert.Equal(24, p.Encryption[0].KeyMaterialSize);
        Assert.False(p.Encryption[0].HasKeyLengthAttribute);
        Assert.Equal(PrfAlgorithm.HmacSha1, p.Prf[0].Algorithm);
        Assert.Equal(KeyExchangeGroup.Modp1024, p.KeyExchange[0].Group);
    }

    [Theory]
    [InlineData("aes128gcm16-esn", "AES_GCM_16_128", "esn")]
    [InlineData("aes128gcm16", "AES_GCM_16_128", "noesn")]
    [InlineData("aes256gcm16-noesn-esn", "AES_GCM_16_256", "noesn,esn")]
    public void ESP_proposals_with_and_without_ESN(string text, string cipher, string esn)
    {
        var p = Assert.Single(ProposalParser.Parse(ProtocolId.Esp, text));
        Assert.Equal(cipher, p.Encryption[0].Name);
        Assert.Equal(esn.Split(',').Select(e => e == "esn" ? ExtendedSequenceNumbers.Yes : ExtendedSequenceNumbers.No), p.Esn);
        Assert.Empty(p.Prf);
        Assert.Empty(p.KeyExchange);
    }

    [Fact]
    public void ESP_with_a_group_means_PFS()
    {
        var p = Assert.Single(ProposalParser.Parse(ProtocolId.Esp, "aes128-sha256-modp2048"));
        Assert.Equal(KeyExchangeGroup.Modp2048, Assert.Single(p.KeyExchange).Group);
        Assert.Equal(IntegrityAlgorithm.HmacSha256_128, Assert.Single(p.Integrity).Algorithm);
    }

    [Fact]
    public void Several_algorithms_of_a_type_are_all_offered_in_order()
    {
        var p = Assert.Single(ProposalParser.Parse(ProtocolId.Ike, "aes256-aes128-sha384-sha1-ecp384-modp3072"));
        Assert.Equal(["aes256", "aes128"], p.Encryption.Select(e => e.Keyword));
        Assert.Equal(["sha384", "sha1"], p.Integrity.Select(e => e.Keyword));
        Assert.Equal(["prfsha384", "prfsha1"], p.Prf.Select(e => e.Keyword));
        Assert.Equal(["ecp384", "modp3072"], p.KeyExchange.Select(e => e.Keyword));
    }

    [Fact]
    public void Mixing_AEAD_and_classic_ciphers_splits_the_proposal_like_strongSwan()
    {
        var list = ProposalParser.Parse(ProtocolId.Ike, "aes128gcm16-aes128-sha256-modp2048");
        Assert.Equal(2, list.Count);
        Assert.True(list[0].IsAead);
        Assert.Empty(list[0].Integrity);
        Assert.False(list[1].IsAead);
        Assert.Equal("sha256", list[1].Integrity[0].Keyword);
    }

    [Fact]
    public void Lists_and_aliases()
    {
        var list = ProposalParser.ParseList(ProtocolId.Ike, "aes256gcm128-prfsha2_256-x25519, aes-sha-modp1024");
        Assert.Equal("aes256gcm16-prfsha256-curve25519,aes128-sha1-prfsha1-modp1024", ProposalParser.Format(list));
    }

    [Theory]
    [InlineData("aes256gcm16-prfsha256-curve25519")]
    [InlineData("aes128-sha256-prfsha256-modp2048")]
    [InlineData("3des-sha1-prfsha1-modp1024")]
    [InlineData("aes192-sha512-prfsha512-ecp384")]
    [InlineData("aes128gcm16-prfsha384-ecp256-modp3072")]
    public void Formatting_and_parsing_round_trip(string text)
    {
        var p = Assert.Single(ProposalParser.Parse(ProtocolId.Ike, text));
        Assert.Equal(text, p.ToString());
        Assert.Equal(p, Assert.Single(ProposalParser.Parse(ProtocolId.Ike, p.ToString())));
    }

    [Theory]
    [InlineData(ProtocolId.Ike, "aes128-sha256", "no key exchange method")]
    [InlineData(ProtocolId.Ike, "aes128gcm16-x25519", "needs a PRF")]
    [InlineData(ProtocolId.Ike, "aes128-prfsha256-modp2048", "needs an integrity algorithm")]
    [InlineData(ProtocolId.Ike, "sha256-modp2048", "no encryption algorithm")]
    [InlineData(ProtocolId.Ike, "aes128-sha256-modp2048-esn", "ESP only")]
    [InlineData(ProtocolId.Esp, "aes128gcm16-prfsha256", "ESP does not use")]
    [InlineData(ProtocolId.Ike, "aes128-md5-modp2048", "MD5 is not supported")]
    [InlineData(ProtocolId.Ike, "aes128gcm8-prfsha256-modp2048", "16-octet ICV")]
    [InlineData(ProtocolId.Ike, "aes128-sha256-modp8192", "supported groups")]
    [InlineData(ProtocolId.Ike, "aes128--sha256", "empty algorithm")]
    [InlineData(ProtocolId.Ike, "chacha20poly1305-prfsha256-x25519", "unknown algorithm 'chacha20poly1305'")]
    public void Errors_name_the_problem(ProtocolId protocol, string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => ProposalParser.ParseList(protocol, text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Wire_form_lists_every_algorithm_once()
    {
        var p = Assert.Single(ProposalParser.Parse(ProtocolId.Esp, "aes128-aes256-sha256-modp2048-esn-noesn"));
        var wire = p.ToWire(1, [1, 2, 3, 4]);
        Assert.Equal(6, wire.Transforms.Count);
        Assert.Equal([TransformType.Encryption, TransformType.Encryption, TransformType.Integrity, TransformType.KeyExchange,
            TransformType.ExtendedSequenceNumbers, TransformType.ExtendedSequenceNumbers], wire.Transforms.Select(t => t.Type));
        Assert.Equal(128, wire.Transforms[0].KeyLength);
        Assert.Equal(256, wire.Transforms[1].KeyLength);
    }
}
