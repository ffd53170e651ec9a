using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;
using EdgeMx.Testing;

namespace EdgeMx.Ike.Tests.Messages;

/// <summary>Each length field of each payload, made wrong: the decoder answers INVALID_SYNTAX and nothing else.</summary>
public class MalformedPayloadTests
{
    public static TheoryData<string, PayloadType, string> Cases => new()
    {
        // --- SA / proposal / transform / attribute (§3.3) ---
        { "SA without proposals", PayloadType.SecurityAssociation, "" },
        { "proposal length below 8", PayloadType.SecurityAssociation, "00 00 0007 01 01 00 00" },
        { "proposal length beyond the payload", PayloadType.SecurityAssociation, "00 00 0010 01 01 00 00" },
        { "proposal marker neither 0 nor 2", PayloadType.SecurityAssociation, "01 00 0008 01 01 00 00" },
        { "proposal marked more but none follows", PayloadType.SecurityAssociation, "02 00 0008 01 01 00 00" },
        { "proposal after the last", PayloadType.SecurityAssociation, "00 00 0008 01 01 00 00 00 00 0008 02 01 00 00" },
        { "SPI size beyond the proposal", PayloadType.SecurityAssociation, "00 00 000a 01 03 04 00 0102" },
        { "transform count says 2, holds 1", PayloadType.SecurityAssociation, "00 00 0010 01 01 00 02 00 00 0008 01 00 000c" },
        { "transform count says 1, holds 0", PayloadType.SecurityAssociation, "00 00 0008 01 01 00 01" },
        { "transform length below 8", PayloadType.SecurityAssociation, "00 00 0010 01 01 00 01 00 00 0007 01 00 000c" },
        { "transform length beyond the proposal", PayloadType.SecurityAssociation, "00 00 0010 01 01 00 01 00 00 0009 01 00 000c" },
        { "transform marker neither 0 nor 3", PayloadType.SecurityAssociation, "00 00 0010 01 01 00 01 02 00 0008 01 00 000c" },
        { "last transform not marked last", PayloadType.SecurityAssociation, "00 00 0010 01 01 00 01 03 00 0008 01 00 000c" },
        { "TV attribute cut short", PayloadType.SecurityAssociation, "00 00 0012 01 01 00 01 00 00 000a 01 00 000c 800e" },
        { "TLV attribute length beyond the transform", PayloadType.SecurityAssociation, "00 00 0014 01 01 00 01 00 00 000c 01 00 000c 0001 0005" },
        // --- KE (§3.4) ---
        { "KE shorter than its fixed part", PayloadType.KeyExchange, "001f 00" },
        { "KE without key data", PayloadType.KeyExchange, "001f 0000" },
        // --- ID (§3.5) ---
        { "ID shorter than its fixed part", PayloadType.IdInitiator, "02 0000" },
        { "ID without data", PayloadType.IdResponder, "02 000000" },
        // --- AUTH (§3.8) ---
        { "AUTH shorter than its fixed part", PayloadType.Authentication, "02 00" },
        { "AUTH without data", PayloadType.Authentication, "02 000000" },
        // --- Nonce (§3.9) ---
        { "nonce of 15 bytes", PayloadType.Nonce, "000102030405060708090a0b0c0d0e" },
        { "nonce of 257 bytes", PayloadType.Nonce, new string('a', 514) },
        // --- Notify (§3.10) ---
        { "N shorter than its fixed part", PayloadType.Notify, "01 00 40" },
        { "N SPI size beyond the payload", PayloadType.Notify, "03 04 4009 0102" },
        // --- Delete (§3.11) ---
        { "D shorter than its fixed part", PayloadType.Delete, "03 04 00" },
        { "D says 2 SPIs, holds 1", PayloadType.Delete, "03 04 0002 01020304" },
        { "D says 1 SPI, holds 2", PayloadType.Delete, "03 04 0001 01020304 05060708" },
        { "D of ESP with SPI size 8", PayloadType.Delete, "03 08 0001 0102030405060708" },
        { "D of the IKE SA with SPIs", PayloadType.Delete, "01 08 0001 0102030405060708" },
        { "D of the IKE SA with trailing bytes", PayloadType.Delete, "01 00 0000 ff" },
        // --- Vendor ID (§3.12) ---
        { "empty vendor id", PayloadType.VendorId, "" },
        // --- TS (§3.13) ---
        { "TS shorter than its fixed part", PayloadType.TrafficSelectorInitiator, "01 0000" },
        { "TS count zero", PayloadType.TrafficSelectorInitiator, "00 000000" },
        { "TS count says 2, holds 1", PayloadType.TrafficSelectorResponder, "02 000000 07 00 0010 0000 ffff c0a83200 c0a832ff" },
        { "TS count says 1, holds 2", PayloadType.TrafficSelectorResponder, "01 000000 07 00 0010 0000 ffff c0a83200 c0a832ff 07 00 0010 0000 ffff c0a83200 c0a832ff" },
        { "IPv4 selector length 40", PayloadType.TrafficSelectorInitiator, "01 000000 07 00 0028 0000 ffff c0a83200 c0a832ff" },
        { "IPv6 selector length 16", PayloadType.TrafficSelectorInitiator, "01 000000 08 00 0010 0000 ffff c0a83200 c0a832ff" },
        { "selector cut short", PayloadType.TrafficSelectorInitiator, "01 000000 07 00 0010 0000 ffff c0a83200" },
        { "unknown selector type", PayloadType.TrafficSelectorInitiator, "01 000000 09 00 0010 0000 ffff c0a83200 c0a832ff" },
        // --- CP (§3.15) ---
        { "CP shorter than its fixed part", PayloadType.Configuration, "01 00" },
        { "CP attribute length beyond the payload", PayloadType.Configuration, "01 000000 0001 0004 0a01" },
        { "CP attribute header cut short", PayloadType.Configuration, "01 000000 0001 00" },
        // --- CERTREQ (§3.7) ---
        { "CERTREQ without encoding", PayloadType.CertificateRequest, "" },
        // --- SK (§3.14) ---
        { "empty SK", PayloadType.Encrypted, "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_INVALID_SYNTAX(string description, PayloadType type, string body)
    {
        var e = MessageBuilder.DecodeFails(MessageBuilder.WithRawPayload(type, Hex.Parse(body)));
        Assert.True(e.Notify == NotifyType.InvalidSyntax, $"{description}: {e.Notify} {e.Message}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Generic_payload_length_below_4(int length)
    {
        var e = MessageBuilder.DecodeFails(MessageBuilder.WithRawPayload(PayloadType.Nonce, new byte[16], lengthOverride: length));
        Assert.Equal(NotifyType.InvalidSyntax, e.Notify);
    }

    [Fact]
    public void Generic_payload_length_beyond_the_message()
    {
        var e = MessageBuilder.DecodeFails(MessageBuilder.WithRawPayload(PayloadType.Nonce, new byte[16], lengthOverride: 21));
        Assert.Equal(NotifyType.InvalidSyntax, e.Notify);
    }

    [Fact]
    public void Generic_header_cut_short()
    {
        var bytes = MessageBuilder.WithRawPayload(PayloadType.Nonce, new byte[16])[..(IkeHeader.Size + 3)];
        bytes[IkeHeader.LengthOffset + 3] = (byte)bytes.Length;
        Assert.Equal(NotifyType.InvalidSyntax, MessageBuilder.DecodeFails(bytes).Notify);
    }

    [Fact]
    public void Bytes_after_the_last_payload()
    {
        var bytes = MessageBuilder.WithRawPayload(PayloadType.Nonce, new byte[16]).Concat(new byte[] { 1, 2 }).ToArray();
        bytes[IkeHeader.LengthOffset + 3] = (byte)bytes.Length;
        Assert.Equal(NotifyType.InvalidSyntax, MessageBuilder.DecodeFails(bytes).Notify);
    }

    [Fact]
    public void SK_that_is_not_last()
    {
        var writer = new IkeWriter();
        (MessageBuilder.Header with { NextPayload = PayloadType.Encrypted }).Write(writer);
        writer.WriteBytes(Hex.Parse("29 00 0008 01020304")); // SK (next = N) of 4 content bytes
        writer.WriteBytes(Hex.Parse("00 00 0008 00 00 4000")); // then a Notify outside SK
        writer.PatchUInt32(IkeHeader.LengthOffset, (uint)writer.Length);
        Assert.Equal(NotifyType.InvalidSyntax, MessageBuilder.DecodeFails(writer.ToArray()).Notify);
    }

    [Fact]
    public void SK_inside_SK()
    {
        var inner = Hex.Parse("00 00 0008 01020304");
        var reader = new IkeReader(inner);
        var thrown = false;
        try
        {
            PayloadChain.Read(ref reader, PayloadType.Encrypted, insideEncrypted: true, out _);
        }
        catch (IkeProtocolException e)
        {
            thrown = e.Notify == NotifyType.InvalidSyntax;
        }
        Assert.True(thrown);
        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void A_chain_that_fails_midway_consumes_nothing()
    {
        // a valid nonce, then a notify whose SPI size runs past its end
        var inner = Hex.Parse("29 00 0014 00000000000000000000000000000000 00 00 0008 03 04 4009");
        var reader = new IkeReader(inner);
        var thrown = false;
        try
        {
            PayloadChain.Read(ref reader, PayloadType.Nonce, insideEncrypted: true, out _);
        }
        catch (IkeProtocolException)
        {
            thrown = true;
        }
        Assert.True(thrown);
        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void More_than_the_payload_limit()
    {
        var payloads = Enumerable.Range(0, PayloadChain.MaxPayloads + 1)
            .Select(_ => (IkePayload)new NotifyPayload(NotifyType.InitialContact)).ToArray();
        Assert.Equal(NotifyType.InvalidSyntax, MessageBuilder.DecodeFails(MessageBuilder.Encode(payloads)).Notify);
    }

    [Fact]
    public void Unknown_critical_payload_is_UNSUPPORTED_CRITICAL_PAYLOAD_with_its_type()
    {
        var e = MessageBuilder.DecodeFails(MessageBuilder.WithRawPayload((PayloadType)201, [1, 2, 3], critical: true));
        Assert.Equal(NotifyType.UnsupportedCriticalPayload, e.Notify);
        Assert.Equal([201], e.NotifyData);
    }

    [Fact]
    public void Critical_bit_on_a_known_payload_is_ignored()
    {
        var message = IkeMessage.Decode(MessageBuilder.WithRawPayload(PayloadType.Nonce, new byte[16], critical: true));
        Assert.IsType<NoncePayload>(Assert.Single(message.Payloads));
    }

    [Fact]
    public void Critical_bit_on_an_RFC_7296_type_we_do_not_model_is_ignored()
    {
        var message = IkeMessage.Decode(MessageBuilder.WithRawPayload(PayloadType.ExtensibleAuthentication, [1, 2, 0, 4], critical: true));
        Assert.Equal(PayloadType.ExtensibleAuthentication, Assert.Single(message.Payloads).Type);
    }

    [Theory]
    [InlineData("")]                       // nothing
    [InlineData("01")]                     // no length
    [InlineData("01 04 cb0071")]           // IPv4 identity cut short
    [InlineData("01 05 cb0071 0c 00")]     // IPv4 identity of 5 bytes
    [InlineData("02 04 20010db8")]         // IPv6 identity of 4 bytes
    [InlineData("03 00")]                  // empty FQDN
    [InlineData("07 04 cb00710c")]         // unknown identity type
    public void Malformed_redirect_data(string hex)
    {
        var e = Assert.Throws<IkeProtocolException>(() => RedirectData.Decode(Hex.Parse(hex)));
        Assert.Equal(NotifyType.InvalidSyntax, e.Notify);
    }
}
