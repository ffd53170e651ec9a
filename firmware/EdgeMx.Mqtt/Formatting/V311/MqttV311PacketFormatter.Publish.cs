using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting.V311;

public sealed partial class MqttV311PacketFormatter
{
    // PUBLISH (§3.3): Topic Name | [Packet Identifier, QoS 1 and 2] | Payload (the rest of the packet).
    private static void WritePublish(PublishPacket p, ref MqttPacketWriter w)
    {
        if (!p.Properties.IsEmpty) throw new ArgumentException("PUBLISH properties need MQTT 5");
        if (p.Topic.Length == 0 || !MqttTopic.IsValidName(p.Topic)) throw new ArgumentException($"invalid topic name '{p.Topic}'");
        if (p.Qos > MqttQos.ExactlyOnce) throw new ArgumentException("QoS out of range");
        if (p.Qos == MqttQos.AtMostOnce && (p.Dup || p.PacketId != 0)) throw new ArgumentException("QoS 0 PUBLISH has no DUP and no packet id");
        w.WriteString(p.Topic);
        if (p.Qos != MqttQos.AtMostOnce) WritePacketId(ref w, p.PacketId, p.Type);
        w.WriteBytes(p.Payload.Span);
    }

    private static PublishPacket ReadPublish(MqttFixedHeader h, ref MqttPacketReader r)
    {
        var qos = (MqttQos)((h.Flags >> 1) & 0x03);
        var topic = r.ReadString();
        if (topic.Length == 0) throw MqttProtocolException.Malformed("PUBLISH with an empty topic name [MQTT-4.7.3-1]");
        if (!MqttTopic.IsValidName(topic)) throw MqttProtocolException.Malformed($"wildcard in PUBLISH topic '{topic}' [MQTT-3.3.2-2]");
        var id = qos == MqttQos.AtMostOnce ? (ushort)0 : RequirePacketId(ref r, h.Type);
        return new PublishPacket
        {
            Topic = topic,
            Qos = qos,
            Dup = (h.Flags & 0x08) != 0,
            Retain = (h.Flags & 0x01) != 0,
            PacketId = id,
            Payload = r.ReadToEnd(),
        };
    }
}
