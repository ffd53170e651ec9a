using System.Net;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;
using EdgeMx.Testing;

namespace EdgeMx.Ike.Tests.Messages;

/// <summary>Every payload: encode, decode, compare the fields, and re-encode to the same bytes.</summary>
public class PayloadRoundTripTests
{
    [Fact]
    public void SA_with_several_proposals_transforms_and_attributes()
    {
        var aeadProposal = new Proposal(1, ProtocolId.Ike, [],
        [
            new Transform(TransformType.Encryption, 20, 256),
            new Transform(TransformType.PseudoRandomFunction, 5),
            new Transform(TransformType.KeyExchange, 31),
        ]);
        var cbcProposal = new Proposal(2, ProtocolId.Ike, [],
        [
            new Transform(TransformType.Encryption, 12, 128),
            new Transform(TransformType.PseudoRandomFunction, 2),
            new Transform(TransformType.Integrity, 2),
            new Transform(TransformType.KeyExchange, 14),
            new Transform(TransformType.Encryption, 3,
                [new TransformAttribute(0x1234, false, 0, [9, 8, 7])]),
        ]);
        var decoded = MessageBuilder.RoundTrip(new SecurityAssociationPayload([aeadProposal, cbcProposal]));

        var sa = Assert.IsType<SecurityAssociationPayload>(Assert.Single(decoded.Payloads));
        Assert.Equal([aeadProposal, cbcProposal], sa.Proposals);
        Assert.Equal(256, sa.Proposals[0].Transforms[0].KeyLength);
        Assert.False(sa.Proposals[0].Transforms[0].HasUnknownAttributes);
        Assert.True(sa.Proposals[1].Transforms[4].HasUnknownAttributes);
    }

    [Fact]
    public void SA_for_ESP_carries_the_4_byte_SPI_and_ESN()
    {
        var proposal = new Proposal(1, ProtocolId.Esp, [0xc1, 0x2b, 0x00, 0x07],
        [
            new Transform(TransformType.Encryption, 20, 128),
            new Transform(TransformType.ExtendedSequenceNumbers, 1),
            new Transform(TransformType.ExtendedSequenceNumbers, 0),
        ]);
        var sa = MessageBuilder.RoundTrip(new SecurityAssociationPayload([proposal])).Get<SecurityAssociationPayload>()!;
        Assert.Equal([0xc1, 0x2b, 0x00, 0x07], sa.Proposals[0].Spi);
        Assert.Equal(2, sa.Proposals[0].OfType(TransformType.ExtendedSequenceNumbers).Count());
    }

    [Fact]
    public void SA_bytes_match_RFC_7296_layout()
    {
        // One ESP proposal: AES-CBC-128 + HMAC-SHA1-96, no ESN, SPI 0x01020304.
        var sa = new SecurityAssociationPayload([new Proposal(1, ProtocolId.Esp, [1, 2, 3, 4],
        [
            new Transform(TransformType.Encryption, 12, 128),
            new Transform(TransformType.Integrity, 2),
            new Transform(TransformType.ExtendedSequenceNumbers, 0),
        ])]);
        var writer = new IkeWriter();
        sa.WriteBody(writer);
        Assert.Equal(Hex.Parse(
            "00 00 0028 01 03 04 03 01020304" +          // last proposal, length 40, #1 ESP, SPI size 4, 3 transforms
            "03 00 000c 01 00 000c 800e 0080" +          // ENCR 12 (AES-CBC), key length 128 (TV)
            "03 00 0008 03 00 0002" +                    // INTEG 2 (HMAC-SHA1-96)
            "00 00 0008 05 00 0000"), writer.ToArray()); // ESN 0, last transform
    }

    [Fact]
    public void KE()
    {
        var data = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var ke = MessageBuilder.RoundTrip(new KeyExchangePayload(31, data)).Get<KeyExchangePayload>()!;
        Assert.Equal(31, ke.Group);
        Assert.Equal(data, ke.Data);
    }

    [Theory]
    [InlineData(true, IdentificationType.Fqdn, "6875622e6c6162")]
    [InlineData(false, IdentificationType.Ipv4Address, "cb00710b")]
    [InlineData(true, IdentificationType.KeyId, "0102030405")]
    [InlineData(false, IdentificationType.Ipv6Address, "20010db8000000000000000000000001")]
    public void IDi_and_IDr(bool initiator, IdentificationType type, string data)
    {
        var decoded = MessageBuilder.RoundTrip(new IdentificationPayload(initiator, type, Hex.Parse(data)));
        var id = decoded.Get<IdentificationPayload>()!;
        Assert.Equal(initiator ? PayloadType.IdInitiator : PayloadType.IdResponder, id.Type);
        Assert.Equal(type, id.IdType);
        Assert.Equal(Hex.Parse(data), id.Data);
        Assert.Equal(Hex.Parse($"{(byte)type:x2}000000{data}"), id.GetBody());
    }

    [Fact]
    public void ID_keeps_nonzero_reserved_bits_for_the_AUTH_octets()
    {
        var bytes = MessageBuilder.WithRawPayload(PayloadType.IdInitiator, Hex.Parse("02 abcdef 6875622e6c6162"));
        var id = IkeMessage.Decode(bytes).Get<IdentificationPayload>()!;
        Assert.Equal(Hex.Parse("02 abcdef 6875622e6c6162"), id.GetBody());
        Assert.Equal(bytes, IkeMessage.Decode(bytes).Encode());
    }

    [Fact]
    public void AUTH()
    {
        var data = Enumerable.Repeat((byte)0x5a, 32).ToArray();
        var auth = MessageBuilder.RoundTrip(new AuthenticationPayload(AuthenticationMethod.SharedKeyMessageIntegrityCode, data))
            .Get<AuthenticationPayload>()!;
        Assert.Equal(AuthenticationMethod.SharedKeyMessageIntegrityCode, auth.Method);
        Assert.Equal(data, auth.Data);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(256)]
    public void Nonce(int length)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        Assert.Equal(data, MessageBuilder.RoundTrip(new NoncePayload(data)).Get<NoncePayload>()!.Data);
    }

    [Fact]
    public void Notify_with_and_without_SPI()
    {
        var rekey = new NotifyPayload(ProtocolId.Esp, [0xca, 0xfe, 0xba, 0xbe], NotifyType.RekeySa, []);
        var cookie = new NotifyPayload(NotifyType.Cookie, Enumerable.Repeat((byte)7, 32).ToArray());
        var invalidKe = new NotifyPayload(NotifyType.InvalidKePayload, [0x00, 0x13]);
        var decoded = MessageBuilder.RoundTrip(rekey, cookie, invalidKe);

        var notifies = decoded.All<NotifyPayload>().ToArray();
        Assert.Equal(ProtocolId.Esp, notifies[0].Protocol);
        Assert.Equal([0xca, 0xfe, 0xba, 0xbe], notifies[0].Spi);
        Assert.Equal(NotifyType.RekeySa, notifies[0].NotifyType);
        Assert.Equal(32, notifies[1].Data.Length);
        Assert.True(notifies[2].IsError);
        Assert.Same(notifies[1], decoded.GetNotify(NotifyType.Cookie));
        Assert.Same(notifies[2], decoded.FirstError);
    }

    [Fact]
    public void Delete_of_the_IKE_SA_and_of_CHILD_SAs()
    {
        var decoded = MessageBuilder.RoundTrip(DeletePayload.ForIkeSa(),
            new DeletePayload(ProtocolId.Esp, [0xc0a80001u, 0x12345678u]));
        var deletes = decoded.All<DeletePayload>().ToArray();
        Assert.Equal(ProtocolId.Ike, deletes[0].Protocol);
        Assert.Empty(deletes[0].Spis);
        Assert.Equal([0xc0a80001u, 0x12345678u], deletes[1].Spis);
    }

    [Fact]
    public void Vendor_ID()
    {
        // strongSwan's vendor id is MD5("strongSwan")
        var data = Hex.Parse("882fe56d6fd20dbc2251613b2ebe5beb");
        Assert.Equal(data, MessageBuilder.RoundTrip(new VendorIdPayload(data)).Get<VendorIdPayload>()!.Data);
    }

    [Fact]
    public void TSi_and_TSr_with_IPv4_and_IPv6_ranges_ports_and_protocols()
    {
        TrafficSelector[] initiator =
        [
            TrafficSelector.ParseSubnet("192.168.50.0/24"),
            TrafficSelector.FromRange(IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.9"), 6, 443, 443),
        ];
        TrafficSelector[] responder = [TrafficSelector.ParseSubnet("2001:db8::/32")];
        var decoded = MessageBuilder.RoundTrip(new TrafficSelectorPayload(true, initiator),
            new TrafficSelectorPayload(false, responder));

        var tsi = decoded.All<TrafficSelectorPayload>().Single(p => p.IsInitiator);
        var tsr = decoded.All<TrafficSelectorPayload>().Single(p => !p.IsInitiator);
        Assert.Equal(initiator, tsi.Selectors);
        Assert.Equal(responder, tsr.Selectors);
        Assert.Equal("192.168.50.0/24", tsi.Selectors[0].ToString());
        Assert.Equal("10.0.0.1..10.0.0.9[6/443]", tsi.Selectors[1].ToString());
        Assert.Equal("2001:db8::/32", tsr.Selectors[0].ToString());
    }

    [Fact]
    public void TS_bytes_match_RFC_7296_layout()
    {
        var writer = new IkeWriter();
        new TrafficSelectorPayload(true, [TrafficSelector.ParseSubnet("192.168.50.0/24")]).WriteBody(writer);
        Assert.Equal(Hex.Parse("01 000000 07 00 0010 0000 ffff c0a83200 c0a832ff"), writer.ToArray());
    }

    [Fact]
    public void SK_is_last_and_names_its_first_inner_payload()
    {
        var content = Enumerable.Range(0, 48).Select(i => (byte)i).ToArray();
        var bytes = MessageBuilder.Encode(new NotifyPayload(NotifyType.InitialContact),
            new EncryptedPayload(PayloadType.IdInitiator, content));
        var decoded = IkeMessage.Decode(bytes);

        var sk = decoded.Encrypted!;
        Assert.Equal(PayloadType.IdInitiator, sk.FirstInnerPayload);
        Assert.Equal(content, sk.Content);
        Assert.Equal(bytes.Length - content.Length, decoded.EncryptedBodyOffset);
        Assert.Equal(bytes, decoded.Encode());
    }

    [Fact]
    public void CP_request_and_reply()
    {
        var request = new ConfigurationPayload(ConfigurationType.Request,
            [new ConfigurationAttribute(ConfigurationAttributeType.InternalIp4Address, [])]);
        var reply = new ConfigurationPayload(ConfigurationType.Reply,
            [new ConfigurationAttribute(ConfigurationAttributeType.InternalIp4Address, [10, 1, 1, 177])]);
        var cps = MessageBuilder.RoundTrip(request, reply).All<ConfigurationPayload>().ToArray();
        Assert.Equal(ConfigurationType.Request, cps[0].ConfigurationType);
        Assert.Empty(cps[0].Attributes[0].Value);
        Assert.Equal([10, 1, 1, 177], cps[1].Attributes[0].Value);
    }

    [Fact]
    public void CERT_and_CERTREQ_are_parsed_and_kept()
    {
        var decoded = MessageBuilder.RoundTrip(new CertificatePayload(true, 4, new byte[20]),
            new CertificatePayload(false, 4, [0x30, 0x82]));
        Assert.Equal(PayloadType.CertificateRequest, decoded.Payloads[0].Type);
        Assert.Equal(PayloadType.Certificate, decoded.Payloads[1].Type);
    }

    [Fact]
    public void Redirect_data_with_address_fqdn_and_nonce()
    {
        var nonce = Enumerable.Repeat((byte)0xab, 32).ToArray();
        var byAddress = RedirectData.Decode(RedirectData.ForAddress(IPAddress.Parse("203.0.113.12"), nonce).Encode());
        Assert.Equal(GatewayIdentityType.Ipv4, byAddress.IdentityType);
        Assert.Equal("203.0.113.12", byAddress.Gateway);
        Assert.Equal(nonce, byAddress.Nonce);

        var byV6 = RedirectData.Decode(RedirectData.ForAddress(IPAddress.Parse("2001:db8::2")).Encode());
        Assert.Equal(GatewayIdentityType.Ipv6, byV6.IdentityType);
        Assert.Empty(byV6.Nonce);

        var byName = RedirectData.Decode(RedirectData.ForFqdn("hub2.lab").Encode());
        Assert.Equal("hub2.lab", byName.Gateway);
        Assert.Null(byName.Address);
        Assert.Equal(Hex.Parse("03 08 6875623 22e6c6162"), RedirectData.ForFqdn("hub2.lab").Encode());
    }

    [Fact]
    public void Unknown_non_critical_payloads_are_skipped_but_kept()
    {
        var decoded = MessageBuilder.RoundTrip(new UnknownPayload((PayloadType)200, [1, 2, 3]),
            new NotifyPayload(NotifyType.InitialContact));
        Assert.IsType<UnknownPayload>(decoded.Payloads[0]);
        Assert.NotNull(decoded.GetNotify(NotifyType.InitialContact));
    }

    [Fact]
    public void An_empty_message_has_next_payload_none()
    {
        var bytes = MessageBuilder.Encode();
        Assert.Equal(IkeHeader.Size, bytes.Length);
        Assert.Equal(0, bytes[IkeHeader.NextPayloadOffset]);
        Assert.Empty(IkeMessage.Decode(bytes).Payloads);
    }
}
