using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting;

/// <summary>
/// Bytes ⇄ packets for one protocol version. The fixed header and its flag rules are shared (identical in 3.1.1
/// and 5.0, §2.1); each version formats the variable header and payload. Reading works on one complete packet
/// that <see cref="MqttFrameReader"/> has already delimited and size-checked.
/// </summary>
public abstract class MqttPacketFormatter
{
    public abstract MqttProtocolVersion Version { get; }

    /// <summary>Encoded size of <paramref name="packet"/> including the fixed header.</summary>
    public int Measure(MqttPacket packet)
    {
        var body = MeasureBody(packet);
        return 1 + VariableByteInteger.SizeOf(body) + body;
    }

    /// <summary>Encodes <paramref name="packet"/> into <paramref name="destination"/> (at least
    /// <see cref="Measure"/> bytes) and returns the bytes written. Invalid packets (a topic with wildcards, a v5-only
    /// field under 3.1.1, a missing packet id) throw <see cref="ArgumentException"/>: they are the caller's bug.</summary>
    public int Write(MqttPacket packet, Span<byte> destination)
    {
        var body = MeasureBody(packet);
        var writer = MqttPacketWriter.Into(destination);
        writer.WriteByte(FirstByte(packet));
        writer.WriteVariableByteInteger(body);
        WriteBody(packet, ref writer);
        return writer.Written;
    }

    /// <summary>Decodes one packet body. Throws <see cref="MqttProtocolException"/> for anything the spec calls
    /// malformed or a protocol error; never anything else.</summary>
    public MqttPacket Read(MqttFixedHeader header, ReadOnlySpan<byte> body)
    {
        if (body.Length != header.RemainingLength)
            throw new ArgumentException("body length differs from the Remaining Length", nameof(body));
        CheckFlags(header);
        var reader = new MqttPacketReader(body);
        var packet = ReadBody(header, ref reader);
        reader.ExpectEnd(header.Type.ToString());
        return packet;
    }

    protected abstract void WriteBody(MqttPacket packet, ref MqttPacketWriter writer);

    protected abstract MqttPacket ReadBody(MqttFixedHeader header, ref MqttPacketReader reader);

    private int MeasureBody(MqttPacket packet)
    {
        var measure = MqttPacketWriter.Measure();
        WriteBody(packet, ref measure);
        if (measure.Written > VariableByteInteger.MaxValue)
            throw new ArgumentException($"{packet.Type} of {measure.Written} bytes exceeds MQTT's maximum Remaining Length");
        return measure.Written;
    }

    /// <summary>Type nibble and flags (§2.1.3): PUBLISH carries DUP/QoS/RETAIN; PUBREL, SUBSCRIBE and UNSUBSCRIBE
    /// carry the fixed 0b0010; every other packet 0.</summary>
    private static byte FirstByte(MqttPacket packet)
    {
        var type = (byte)((byte)packet.Type << 4);
        return packet switch
        {
            PublishPacket p => (byte)(type | (p.Dup ? 0x08 : 0) | ((byte)p.Qos << 1) | (p.Retain ? 0x01 : 0)),
            PubRelPacket or SubscribePacket or UnsubscribePacket => (byte)(type | 0x02),
            _ => type,
        };
    }

    private void CheckFlags(MqttFixedHeader header)
    {
        switch (header.Type)
        {
            case 0:
                throw MqttProtocolException.Malformed("packet type 0 is reserved");
            case MqttPacketType.Auth when Version == MqttProtocolVersion.V311:
                throw MqttProtocolException.Malformed("packet type 15 is reserved in MQTT 3.1.1");
            case MqttPacketType.Publish:
                var qos = (header.Flags >> 1) & 0x03;
                if (qos == 3) throw MqttProtocolException.Malformed("PUBLISH with QoS 3 [MQTT-3.3.1-4]");
                if (qos == 0 && (header.Flags & 0x08) != 0)
                    throw MqttProtocolException.Malformed("PUBLISH with DUP set at QoS 0 [MQTT-3.3.1-2]");
                break;
            case MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe:
                if (header.Flags != 0x02)
                    throw MqttProtocolException.Malformed($"{header.Type} fixed-header flags 0x{header.Flags:X} (must be 0x2) [MQTT-2.1.3-1]");
                break;
            default:
                if (header.Flags != 0)
                    throw MqttProtocolException.Malformed($"{header.Type} fixed-header flags 0x{header.Flags:X} (must be 0) [MQTT-2.1.3-1]");
                break;
        }
    }

    /// <summary>Helpers shared by both versions.</summary>
    protected static ushort RequirePacketId(ref MqttPacketReader reader, MqttPacketType type)
    {
        var id = reader.ReadUInt16();
        if (id == 0) throw MqttProtocolException.Malformed($"{type} with Packet Identifier 0 [MQTT-2.2.1-3]");
        return id;
    }

    protected static void WritePacketId(ref MqttPacketWriter writer, ushort id, MqttPacketType type)
    {
        if (id == 0) throw new ArgumentException($"{type} needs a non-zero Packet Identifier");
        writer.WriteUInt16(id);
    }

    protected static string WriteTopicFilterCheck(string filter) =>
        MqttTopic.IsValidFilter(filter) ? filter : throw new ArgumentException($"invalid topic filter '{filter}'");

    protected static string ReadTopicFilter(ref MqttPacketReader reader)
    {
        var filter = reader.ReadString();
        if (!MqttTopic.IsValidFilter(filter))
            throw MqttProtocolException.Violation($"invalid topic filter '{filter}' [MQTT-4.7.1]");
        return filter;
    }
}
