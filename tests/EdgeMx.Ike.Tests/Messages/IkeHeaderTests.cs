using EdgeMx.Ike.Messages;
using EdgeMx.Testing;

namespace EdgeMx.Ike.Tests.Messages;

public class IkeHeaderTests
{
    // An IKE_SA_INIT request header as strongSwan sends it: SPIr zero, version 0x20, flags I.
    private const string InitRequestHeader =
        "8a2f0c1d5e6f7081 0000000000000000 21 20 22 08 00000000 0000001c";

    [Fact]
    public void Reads_every_field_of_the_RFC_7296_3_1_layout()
    {
        var reader = new IkeReader(Hex.Parse(InitRequestHeader));
        var header = IkeHeader.Read(ref reader);

        Assert.Equal(0x8a2f0c1d5e6f7081UL, header.InitiatorSpi);
        Assert.Equal(0UL, header.ResponderSpi);
        Assert.Equal(PayloadType.SecurityAssociation, header.NextPayload);
        Assert.Equal(2, header.MajorVersion);
        Assert.Equal(0, header.MinorVersion);
        Assert.Equal(ExchangeType.IkeSaInit, header.Exchange);
        Assert.True(header.IsFromInitiator);
        Assert.False(header.IsResponse);
        Assert.Equal(0u, header.MessageId);
        Assert.Equal(28u, header.Length);
        Assert.Equal(IkeHeader.Size, reader.Position);
    }

    [Fact]
    public void Writes_what_it_reads()
    {
        var bytes = Hex.Parse(InitRequestHeader);
        var reader = new IkeReader(bytes);
        var writer = new IkeWriter();
        IkeHeader.Read(ref reader).Write(writer);
        Assert.Equal(bytes, writer.ToArray());
    }

    [Fact]
    public void Reserved_flag_bits_are_not_sent()
    {
        var writer = new IkeWriter();
        (MessageBuilder.Header with { Flags = (IkeHeaderFlags)0xFF }).Write(writer);
        Assert.Equal(0x38, writer.WrittenSpan[IkeHeader.FlagsOffset]);
    }

    [Fact]
    public void A_short_header_throws_and_consumes_nothing()
    {
        var bytes = Hex.Parse(InitRequestHeader)[..27];
        var reader = new IkeReader(bytes);
        var thrown = false;
        try
        {
            IkeHeader.Read(ref reader);
        }
        catch (IkeProtocolException e)
        {
            thrown = true;
            Assert.Equal(NotifyType.InvalidSyntax, e.Notify);
        }
        Assert.True(thrown);
        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void A_datagram_shorter_than_the_header_is_rejected() =>
        Assert.Equal(NotifyType.InvalidSyntax, MessageBuilder.DecodeFails(new byte[27]).Notify);

    [Fact]
    public void The_length_field_must_match_the_datagram()
    {
        var bytes = MessageBuilder.Encode();
        var longer = bytes.Concat(new byte[] { 0 }).ToArray();
        Assert.Equal(NotifyType.InvalidSyntax, MessageBuilder.DecodeFails(longer).Notify);
        bytes[IkeHeader.LengthOffset + 3]++;
        Assert.Equal(NotifyType.InvalidSyntax, MessageBuilder.DecodeFails(bytes).Notify);
    }

    [Theory]
    [InlineData(0x10)] // IKEv1: seed 001's "invalid flag 0x08" seen from the other side
    [InlineData(0x30)] // a future major version: §2.5 says answer INVALID_MAJOR_VERSION
    public void Another_major_version_is_INVALID_MAJOR_VERSION(byte version)
    {
        var bytes = MessageBuilder.Encode();
        bytes[IkeHeader.VersionOffset] = version;
        var e = MessageBuilder.DecodeFails(bytes);
        Assert.Equal(NotifyType.InvalidMajorVersion, e.Notify);
        Assert.Equal([0x20], e.NotifyData);
    }

    [Fact]
    public void A_minor_version_above_zero_is_accepted()
    {
        var bytes = MessageBuilder.Encode();
        bytes[IkeHeader.VersionOffset] = 0x21;
        Assert.Equal(1, IkeMessage.Decode(bytes).Header.MinorVersion);
    }
}
