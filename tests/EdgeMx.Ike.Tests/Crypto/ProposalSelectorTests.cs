using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Tests.Crypto;

public class ProposalSelectorTests
{
    private static IReadOnlyList<CryptoProposal> Ike(string text) => ProposalParser.ParseList(ProtocolId.Ike, text);

    private static IReadOnlyList<CryptoProposal> Esp(string text) => ProposalParser.ParseList(ProtocolId.Esp, text);

    private static IReadOnlyList<Proposal> Offer(IReadOnlyList<CryptoProposal> proposals, byte[]? spi = null) =>
        proposals.Select((p, i) => p.ToWire((byte)(i + 1), spi ?? [])).ToList();

    [Fact]
    public void Responder_prefers_its_configured_order()
    {
        var offered = Offer(Ike("aes128-sha1-modp1024,aes256gcm16-prfsha256-x25519"));
        var selected = ProposalSelector.Select(Ike("aes256gcm16-prfsha256-x25519,aes128-sha1-modp1024"), offered);
        Assert.NotNull(selected);
        Assert.Equal("AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519", selected.Name);
        Assert.Equal(2, selected.Number); // the initiator's number is echoed
    }

    [Fact]
    public void Within_a_proposal_the_first_of_our_algorithms_the_peer_offers_wins()
    {
        var offered = Offer(Ike("aes128-aes256-sha1-sha256-modp1024-modp2048"));
        var selected = ProposalSelector.Select(Ike("aes256-aes128-sha256-sha1-modp2048-modp1024"), offered)!;
        Assert.Equal("aes256-sha256-prfsha256-modp2048", selected.Keywords);
    }

    [Fact]
    public void Nothing_in_common_is_null()
    {
        Assert.Null(ProposalSelector.Select(Ike("aes256gcm16-prfsha256-x25519"), Offer(Ike("3des-sha1-modp1024"))));
        Assert.Null(ProposalSelector.Select(Ike("aes256-sha256-modp2048"), Offer(Ike("aes128-sha256-modp2048"))));
        Assert.Null(ProposalSelector.Select(Ike("aes128-sha256-modp2048"), Offer(Ike("aes128-sha256-ecp256"))));
    }

    [Fact]
    public void Key_length_must_match()
    {
        var offered = new List<Proposal>
        {
            new(1, ProtocolId.Ike, [], [new Transform(TransformType.Encryption, 12, 192), new Transform(TransformType.Integrity, 12),
                new Transform(TransformType.PseudoRandomFunction, 5), new Transform(TransformType.KeyExchange, 14)]),
        };
        Assert.Null(ProposalSelector.Select(Ike("aes128-sha256-modp2048"), offered));
        Assert.NotNull(ProposalSelector.Select(Ike("aes192-sha256-modp2048"), offered));
    }

    [Fact]
    public void Transforms_with_unknown_attributes_are_not_chosen()
    {
        var offered = new List<Proposal>
        {
            new(1, ProtocolId.Ike, [],
            [
                new Transform(TransformType.Encryption, 12, [TransformAttribute.KeyLength(128), new TransformAttribute(99, true, 1, [])]),
                new Transform(TransformType.Encryption, 12, 256),
                new Transform(TransformType.Integrity, 12), new Transform(TransformType.PseudoRandomFunction, 5),
                new Transform(TransformType.KeyExchange, 14),
            ]),
        };
        Assert.Equal("aes256-sha256-prfsha256-modp2048", ProposalSelector.Select(Ike("aes128-aes256-sha256-modp2048"), offered)!.Keywords);
    }

    [Fact]
    public void An_unknown_transform_type_rejects_the_proposal()
    {
        var good = Offer(Ike("aes128-sha256-modp2048"))[0];
        var bad = good with { Transforms = [.. good.Transforms, new Transform((TransformType)9, 1)] };
        Assert.Null(ProposalSelector.Select(Ike("aes128-sha256-modp2048"), [bad]));
    }

    [Fact]
    public void AEAD_with_an_integrity_transform_is_refused_but_NONE_is_fine()
    {
        var aead = Offer(Ike("aes128gcm16-prfsha256-ecp256"))[0];
        var withInteg = aead with { Transforms = [.. aead.Transforms, new Transform(TransformType.Integrity, 12)] };
        var withNone = aead with { Transforms = [.. aead.Transforms, new Transform(TransformType.Integrity, 0)] };
        Assert.Null(ProposalSelector.Select(Ike("aes128gcm16-prfsha256-ecp256"), [withInteg]));
        Assert.NotNull(ProposalSelector.Select(Ike("aes128gcm16-prfsha256-ecp256"), [withNone]));
    }

    [Fact]
    public void ESP_PFS_and_ESN_negotiation()
    {
        var spi = new byte[] { 0xc0, 0, 0, 1 };
        // we want PFS with modp2048, they offer it: chosen, and their SPI is kept
        var pfs = ProposalSelector.Select(Esp("aes128gcm16-modp2048"), Offer(Esp("aes128gcm16-modp2048-ecp256"), spi))!;
        Assert.Equal("MODP_2048", pfs.KeyExchange!.Name);
        Assert.Equal(spi, pfs.Spi);
        // we do not want PFS; they insist on it: refused. They offer it optionally (NONE too): accepted without
        Assert.Null(ProposalSelector.Select(Esp("aes128gcm16"), Offer(Esp("aes128gcm16-modp2048"))));
        var optional = Offer(Esp("aes128gcm16-modp2048"))[0];
        optional = optional with { Transforms = [.. optional.Transforms, new Transform(TransformType.KeyExchange, 0)] };
        Assert.Null(ProposalSelector.Select(Esp("aes128gcm16"), [optional])!.KeyExchange);
        // ESN: our first preference they support
        Assert.Equal(ExtendedSequenceNumbers.Yes, ProposalSelector.Select(Esp("aes128gcm16-esn-noesn"), Offer(Esp("aes128gcm16-noesn-esn")))!.Esn);
        Assert.Null(ProposalSelector.Select(Esp("aes128gcm16-esn"), Offer(Esp("aes128gcm16-noesn"))));
    }

    [Fact]
    public void Initiator_accepts_only_a_single_proposal_it_offered()
    {
        var ours = Ike("aes256gcm16-prfsha256-x25519,aes128-sha256-modp2048");
        var answer = ProposalSelector.Select(ours, Offer(ours))!.ToWire();
        Assert.NotNull(ProposalSelector.Accept(ours, answer));

        // a transform we did not offer
        var other = Offer(Ike("aes128-sha1-modp2048"))[0] with { Number = 2 };
        Assert.Null(ProposalSelector.Accept(ours, other));
        // two transforms of one type
        var twoGroups = answer with { Transforms = [.. answer.Transforms, new Transform(TransformType.KeyExchange, 14)] };
        Assert.Null(ProposalSelector.Accept(ours, twoGroups));
        // a missing type
        var noPrf = answer with { Transforms = answer.Transforms.Where(t => t.Type != TransformType.PseudoRandomFunction).ToList() };
        Assert.Null(ProposalSelector.Accept(ours, noPrf));
        // a proposal number we never sent
        Assert.Null(ProposalSelector.Accept(ours, answer with { Number = 3 }));
    }

    [Fact]
    public void Describe_names_algorithms_we_do_not_implement_too()
    {
        var proposal = new Proposal(1, ProtocolId.Ike, [],
        [
            new Transform(TransformType.Encryption, 12, 128), new Transform(TransformType.Integrity, 2),
            new Transform(TransformType.PseudoRandomFunction, 2), new Transform(TransformType.KeyExchange, 18),
        ]);
        Assert.Equal("IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/KE_18", ProposalSelector.Describe(proposal));
    }
}
