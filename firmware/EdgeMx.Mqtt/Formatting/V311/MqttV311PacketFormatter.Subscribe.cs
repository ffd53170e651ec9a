using System.Collections.Immutable;
using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting.V311;

public sealed partial class MqttV311PacketFormatter
{
    // SUBSCRIBE (§3.8): Packet Identifier | (Topic Filter, Requested QoS byte with bits 7-2 reserved)+
    private static void WriteSubscribe(SubscribePacket p, ref MqttPacketWriter w)
    {
        if (!p.Properties.IsEmpty) throw new ArgumentException("SUBSCRIBE properties need MQTT 5");
        if (p.Subscriptions.IsDefaultOrEmpty) throw new ArgumentException("SUBSCRIBE needs at least one topic filter [MQTT-3.8.3-3]");
        WritePacketId(ref w, p.PacketId, p.Type);
        foreach (var s in p.Subscriptions)
        {
            if (s.NoLocal || s.RetainAsPublished || s.RetainHandling != MqttRetainHandling.SendAtSubscribe)
                throw new ArgumentException("subscription options other than QoS need MQTT 5");
            if (s.MaximumQos > MqttQos.ExactlyOnce) throw new ArgumentException("QoS out of range");
            w.WriteString(WriteTopicFilterCheck(s.TopicFilter));
            w.WriteByte((byte)s.MaximumQos);
        }
    }

    private static SubscribePacket ReadSubscribe(ref MqttPacketReader r)
    {
        var id = RequirePacketId(ref r, MqttPacketType.Subscribe);
        var list = ImmutableArray.CreateBuilder<MqttSubscription>();
        while (!r.End)
        {
            var filter = ReadTopicFilter(ref r);
            var options = r.ReadByte();
            if ((options & 0xFC) != 0 || options == 3)
                throw MqttProtocolException.Malformed($"SUBSCRIBE requested QoS byte 0x{options:X2} [MQTT-3.8.3-4]");
            list.Add(new MqttSubscription { TopicFilter = filter, MaximumQos = (MqttQos)options });
        }
        if (list.Count == 0) throw MqttProtocolException.Violation("SUBSCRIBE without a topic filter [MQTT-3.8.3-3]");
        return new SubscribePacket { PacketId = id, Subscriptions = list.ToImmutable() };
    }

    // SUBACK (§3.9): Packet Identifier | return codes 0x00, 0x01, 0x02 (granted QoS) or 0x80 (failure).
    private static void WriteSubAck(SubAckPacket p, ref MqttPacketWriter w)
    {
        if (!p.Properties.IsEmpty) throw new ArgumentException("SUBACK properties need MQTT 5");
        if (p.ReasonCodes.IsDefaultOrEmpty) throw new ArgumentException("SUBACK needs at least one return code");
        WritePacketId(ref w, p.PacketId, p.Type);
        foreach (var code in p.ReasonCodes)
        {
            w.WriteByte(code switch
            {
                MqttReasonCode.Success or MqttReasonCode.GrantedQos1 or MqttReasonCode.GrantedQos2 => (byte)code,
                >= MqttReasonCode.UnspecifiedError => 0x80,
                _ => throw new ArgumentException($"SUBACK reason {code} has no MQTT 3.1.1 return code"),
            });
        }
    }

    private static SubAckPacket ReadSubAck(ref MqttPacketReader r)
    {
        var id = RequirePacketId(ref r, MqttPacketType.SubAck);
        var codes = ImmutableArray.CreateBuilder<MqttReasonCode>();
        while (!r.End)
        {
            var code = r.ReadByte();
            if (code is not (0x00 or 0x01 or 0x02 or 0x80))
                throw MqttProtocolException.Malformed($"SUBACK return code 0x{code:X2} is reserved [MQTT-3.9.3-2]");
            codes.Add(code == 0x80 ? MqttReasonCode.UnspecifiedError : (MqttReasonCode)code);
        }
        if (codes.Count == 0) throw MqttProtocolException.Malformed("SUBACK without return codes");
        return new SubAckPacket { PacketId = id, ReasonCodes = codes.ToImmutable() };
    }

    // UNSUBSCRIBE (§3.10): Packet Identifier | Topic Filter+
    private static void WriteUnsubscribe(UnsubscribePacket p, ref MqttPacketWriter w)
    {
        if (!p.Properties.IsEmpty) throw new ArgumentException("UNSUBSCRIBE properties need MQTT 5");
        if (p.TopicFilters.IsDefaultOrEmpty) throw new ArgumentException("UNSUBSCRIBE needs at least one topic filter [MQTT-3.10.3-2]");
        WritePacketId(ref w, p.PacketId, p.Type);
        foreach (var filter in p.TopicFilters) w.WriteString(WriteTopicFilterCheck(filter));
    }

    private static UnsubscribePacket ReadUnsubscribe(ref MqttPacketReader r)
    {
        var id = RequirePacketId(ref r, MqttPacketType.Unsubscribe);
        var filters = ImmutableArray.CreateBuilder<string>();
        while (!r.End) filters.Add(ReadTopicFilter(ref r));
        if (filters.Count == 0) throw MqttProtocolException.Violation("UNSUBSCRIBE without a topic filter [MQTT-3.10.3-2]");
        return new UnsubscribePacket { PacketId = id, TopicFilters = filters.ToImmutable() };
    }

    // UNSUBACK (§3.11): Packet Identifier only.
    private static void WriteUnsubAck(UnsubAckPacket p, ref MqttPacketWriter w)
    {
        if (!p.Properties.IsEmpty || !p.ReasonCodes.IsDefaultOrEmpty) throw new ArgumentException("UNSUBACK reason codes and properties need MQTT 5");
        WritePacketId(ref w, p.PacketId, p.Type);
    }
}
