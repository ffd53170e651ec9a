using System.Buffers;
using EdgeMx.Mqtt.Formatting;
using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Tests.Formatting;

/// <summary>
/// Every packet type of both versions with a Remaining Length that disagrees with its fields: the body cut short by
/// one byte, or carrying one stray byte more. Both must be refused with a protocol exception — except where the
/// spec makes the shorter or longer body a different valid packet (listed in <see cref="StillValid"/>, each with
/// the reason), which must then decode without any other exception.
/// </summary>
public class RemainingLengthMismatchTests
{
    public static IEnumerable<object[]> Samples() => PacketSamples.All();

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_body_one_byte_short_is_refused(MqttProtocolVersion version, PacketSamples.Sample sample)
    {
        var (adapter, header, body) = Encode(version, sample.Packet);
        if (body.Length == 0) return; // nothing to cut: PINGREQ, PINGRESP, a bare DISCONNECT/AUTH (covered by "one byte long")
        var shorter = body[..^1];
        if (StillValid(version, sample.Packet, body.Length, shorter: true) is { } reason)
        {
            Assert.NotNull(adapter.Formatter.Read(header with { RemainingLength = shorter.Length }, shorter));
            return; // reason documents why this one is a valid packet
        }
        Assert.Throws<MqttProtocolException>(() => adapter.Formatter.Read(header with { RemainingLength = shorter.Length }, shorter));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_body_with_a_stray_byte_is_refused(MqttProtocolVersion version, PacketSamples.Sample sample)
    {
        var (adapter, header, body) = Encode(version, sample.Packet);
        // 0x00 as the stray byte: a zero reason code or a zero property length would be the most "plausible" lie.
        var longer = new byte[body.Length + 1];
        body.CopyTo(longer, 0);
        if (StillValid(version, sample.Packet, body.Length, shorter: false) is { } reason)
        {
            Assert.NotNull(adapter.Formatter.Read(header with { RemainingLength = longer.Length }, longer));
            return;
        }
        Assert.Throws<MqttProtocolException>(() => adapter.Formatter.Read(header with { RemainingLength = longer.Length }, longer));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_same_mismatch_arriving_from_the_wire_is_refused(MqttProtocolVersion version, PacketSamples.Sample sample)
    {
        // As the client's reader meets it: fixed header re-encoded with the lying length, then the body.
        var (adapter, header, body) = Encode(version, sample.Packet);
        if (StillValid(version, sample.Packet, body.Length, shorter: false) is not null) return;
        var longer = new byte[body.Length + 1];
        body.CopyTo(longer, 0);
        var wire = new ArrayBufferWriter<byte>();
        wire.Write([header.FirstByte]);
        var length = new byte[VariableByteInteger.MaxSize];
        var n = VariableByteInteger.Write(length, longer.Length);
        wire.Write(length.AsSpan(0, n));
        wire.Write(longer);
        Assert.Throws<MqttProtocolException>(() => adapter.TryRead(wire.WrittenSpan, out _, out _));
    }

    /// <summary>Why a body one byte shorter/longer is still a valid packet of the same type (null: it is not).</summary>
    private static string? StillValid(MqttProtocolVersion version, MqttPacket packet, int bodyLength, bool shorter) => packet switch
    {
        // The payload of a PUBLISH is whatever follows the variable header (§3.3.3): one byte more or less is a
        // different message, not a length error. Without a payload, one byte short cuts the variable header.
        PublishPacket p when !shorter || p.Payload.Length > 0 => "PUBLISH payload length is implied by the Remaining Length",
        // A list of reason codes is as long as the body (§3.9.3, §3.11.3): one fewer is a shorter, valid list (a
        // mismatch with the SUBSCRIBE is the client's check, not the codec's) and a stray 0x00 is one more Success.
        SubAckPacket { ReasonCodes.Length: > 1 } when shorter => "SUBACK with one reason code fewer",
        SubAckPacket => shorter ? null : "SUBACK with one more reason code (0x00, granted QoS 0)",
        UnsubAckPacket { ReasonCodes.Length: > 1 } when shorter && version == MqttProtocolVersion.V500 => "UNSUBACK with one reason code fewer",
        UnsubAckPacket when !shorter && version == MqttProtocolVersion.V500 => "UNSUBACK with one more reason code (0x00, Success)",
        // v5 acknowledgements and DISCONNECT/AUTH may stop after the reason code or even before it (§3.4.2.1,
        // §3.14.2.1, §3.15.2.1): with no properties, a stray 0x00 is a Success reason code or an empty property
        // length, and dropping the last byte drops an optional field — unless it cuts the Packet Identifier.
        MqttAcknowledgementPacket a when version == MqttProtocolVersion.V500 && a.Properties.IsEmpty && (!shorter || bodyLength > 2)
            => "v5 acknowledgement: reason code and properties are optional",
        DisconnectPacket d when version == MqttProtocolVersion.V500 && d.Properties.IsEmpty => "v5 DISCONNECT: reason code and properties are optional",
        AuthPacket a when a.Properties.IsEmpty => "AUTH: reason code and properties are optional",
        _ => null,
    };

    private static (MqttPacketFormatterAdapter Adapter, MqttFixedHeader Header, byte[] Body) Encode(MqttProtocolVersion version, MqttPacket packet)
    {
        var adapter = new MqttPacketFormatterAdapter(version, 1 << 20);
        var output = new ArrayBufferWriter<byte>();
        adapter.Write(packet, output);
        var bytes = output.WrittenSpan.ToArray();
        Assert.True(MqttFrameReader.TryReadHeader(bytes, 1 << 20, out var header));
        return (adapter, header, bytes[header.HeaderLength..]);
    }
}
