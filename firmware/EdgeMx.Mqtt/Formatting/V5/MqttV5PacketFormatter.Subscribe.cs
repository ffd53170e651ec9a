using System.Collections.Immutable;
using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting.V5;

public sealed partial class MqttV5PacketFormatter
{
    // Subscription Options (§3.8.3.1):
    //  bits 7-6 reserved (0) | 5-4 Retain Handling | 3 Retain As Published | 2 No Local | 1-0 Maximum QoS
    private static void WriteSubscribe(SubscribePacket p, ref MqttPacketWriter w)
    {
        if (p.Subscriptions.IsDefaultOrEmpty) throw new ArgumentException("SUBSCRIBE needs at least one topic filter [MQTT-3.8.3-2]");
        WritePacketId(ref w, p.PacketId, p.Type);
        MqttV5PropertyWriter.Write(ref w, p.Properties, MqttPropertyContext.Subscribe);
        foreach (var s in p.Subscriptions)
        {
            if (s.MaximumQos > MqttQos.ExactlyOnce || s.RetainHandling > MqttRetainHandling.DoNotSend)
                throw new ArgumentException("subscription option out of range");
            w.WriteString(WriteTopicFilterCheck(s.TopicFilter));
            w.WriteByte((byte)((byte)s.MaximumQos | (s.NoLocal ? 0x04 : 0) | (s.RetainAsPublished ? 0x08 : 0) |
                               ((byte)s.RetainHandling << 4)));
        }
    }

    private static SubscribePacket ReadSubscribe(ref MqttPacketReader r)
    {
        var id = RequirePacketId(ref r, MqttPacketType.Subscribe);
        var properties = MqttV5PropertyReader.Read(ref r, MqttPropertyContext.Subscribe);
        var list = ImmutableArray.CreateBuilder<MqttSubscription>();
        while (!r.End)
        {
            var filter = ReadTopicFilter(ref r);
            var options = r.ReadByte();
            if ((options & 0xC0) != 0) throw MqttProtocolException.Malformed("SUBSCRIBE options reserved bits set [MQTT-3.8.3-5]");
            if ((options & 0x03) == 3) throw MqttProtocolException.Malformed("SUBSCRIBE Maximum QoS 3");
            if (((options >> 4) & 0x03) == 3) throw MqttProtocolException.Violation("SUBSCRIBE Retain Handling 3");
            list.Add(new MqttSubscription
            {
                TopicFilter = filter,
                MaximumQos = (MqttQos)(options & 0x03),
                NoLocal = (options & 0x04) != 0,
                RetainAsPublished = (options & 0x08) != 0,
                RetainHandling = (MqttRetainHandling)((options >> 4) & 0x03),
            });
        }
        if (list.Count == 0) throw MqttProtocolException.Violation("SUBSCRIBE without a topic filter [MQTT-3.8.3-2]");
        return new SubscribePacket { PacketId = id, Subscriptions = list.ToImmutable(), Properties = properties };
    }

    // SUBACK (§3.9): Packet Identifier | Properties | Reason Code+
    private static void WriteSubAck(SubAckPacket p, ref MqttPacketWriter w) =>
        WriteReasonList(ref w, p.Type, p.PacketId, p.Properties, MqttPropertyContext.SubAck, p.ReasonCodes);

    private static SubAckPacket ReadSubAck(ref MqttPacketReader r)
    {
        var (id, properties, codes) = ReadReasonList(ref r, MqttPacketType.SubAck, MqttPropertyContext.SubAck);
        return new SubAckPacket { PacketId = id, Properties = properties, ReasonCodes = codes };
    }

    // UNSUBSCRIBE (§3.10): Packet Identifier | Properties | Topic Filter+
    private static void WriteUnsubscribe(UnsubscribePacket p, ref MqttPacketWriter w)
    {
        if (p.TopicFilters.IsDefaultOrEmpty) throw new ArgumentException("UNSUBSCRIBE needs at least one topic filter [MQTT-3.10.3-2]");
        WritePacketId(ref w, p.PacketId, p.Type);
        MqttV5PropertyWriter.Write(ref w, p.Properties, MqttPropertyContext.Unsubscribe);
        foreach (var filter in p.TopicFilters) w.WriteString(WriteTopicFilterCheck(filter));
    }

    private static UnsubscribePacket ReadUnsubscribe(ref MqttPacketReader r)
    {
        var id = RequirePacketId(ref r, MqttPacketType.Unsubscribe);
        var properties = MqttV5PropertyReader.Read(ref r, MqttPropertyContext.Unsubscribe);
        var filters = ImmutableArray.CreateBuilder<string>();
        while (!r.End) filters.Add(ReadTopicFilter(ref r));
        if (filters.Count == 0) throw MqttProtocolException.Violation("UNSUBSCRIBE without a topic filter [MQTT-3.10.3-2]");
        return new UnsubscribePacket { PacketId = id, TopicFilters = filters.ToImmutable(), Properties = properties };
    }

    // UNSUBACK (§3.11): Packet Identifier | Properties | Reason Code+
    private static void WriteUnsubAck(UnsubAckPacket p, ref MqttPacketWriter w) =>
        WriteReasonList(ref w, p.Type, p.PacketId, p.Properties, MqttPropertyContext.UnsubAck, p.ReasonCodes);

    private static UnsubAckPacket ReadUnsubAck(ref MqttPacketReader r)
    {
        var (id, properties, codes) = ReadReasonList(ref r, MqttPacketType.UnsubAck, MqttPropertyContext.UnsubAck);
        return new UnsubAckPacket { PacketId = id, Properties = properties, ReasonCodes = codes };
    }

    private static void WriteReasonList(ref MqttPacketWriter w, MqttPacketType type, ushort id, MqttProperties properties,
        MqttPropertyContext context, ImmutableArray<MqttReasonCode> codes)
    {
        if (codes.IsDefaultOrEmpty) throw new ArgumentException($"{type} needs at least one reason code");
        WritePacketId(ref w, id, type);
        MqttV5PropertyWriter.Write(ref w, properties, context);
        foreach (var code in codes) MqttV5ReasonCodes.Write(ref w, type, code);
    }

    private static (ushort, MqttProperties, ImmutableArray<MqttReasonCode>) ReadReasonList(ref MqttPacketReader r,
        MqttPacketType type, MqttPropertyContext context)
    {
        var id = RequirePacketId(ref r, type);
        var properties = MqttV5PropertyReader.Read(ref r, context);
        var codes = ImmutableArray.CreateBuilder<MqttReasonCode>();
        while (!r.End) codes.Add(MqttV5ReasonCodes.Read(ref r, type));
        if (codes.Count == 0) throw MqttProtocolException.Malformed($"{type} without reason codes");
        return (id, properties, codes.ToImmutable());
    }
}
