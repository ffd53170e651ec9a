using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Tests.Messages;

/// <summary>Small helpers shared by the codec tests.</summary>
internal static class MessageBuilder
{
    public static readonly IkeHeader Header = new(
        0x0102030405060708, 0x1112131415161718, PayloadType.None, 2, 0, ExchangeType.IkeSaInit,
        IkeHeaderFlags.Initiator, 0, 0);

    public static byte[] Encode(params IkePayload[] payloads) => new IkeMessage(Header, payloads).Encode();

    public static IkeMessage RoundTrip(params IkePayload[] payloads)
    {
        var bytes = Encode(payloads);
        var decoded = IkeMessage.Decode(bytes);
        Assert.Equal(bytes, decoded.Encode());
        return decoded;
    }

    /// <summary>A message of the header followed by one payload whose body is given raw (generic header built here).</summary>
    public static byte[] WithRawPayload(PayloadType type, byte[] body, bool critical = false, int? lengthOverride = null)
    {
        var writer = new IkeWriter();
        (Header with { NextPayload = type }).Write(writer);
        writer.WriteUInt8(0);
        writer.WriteUInt8(critical ? (byte)0x80 : (byte)0);
        writer.WriteUInt16((ushort)(lengthOverride ?? body.Length + 4));
        writer.WriteBytes(body);
        writer.PatchUInt32(IkeHeader.LengthOffset, (uint)writer.Length);
        return writer.ToArray();
    }

    public static IkeProtocolException DecodeFails(byte[] datagram) =>
        Assert.Throws<IkeProtocolException>(() => IkeMessage.Decode(datagram));
}
