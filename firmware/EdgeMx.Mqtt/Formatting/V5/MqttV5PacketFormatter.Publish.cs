using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting.V5;

public sealed partial class MqttV5PacketFormatter
{
    // PUBLISH (§3.3): Topic Name | [Packet Identifier, QoS 1 and 2] | Properties | Payload (the rest).
    private static void WritePublish(PublishPacket p, ref MqttPacketWriter w)
    {
        if (!MqttTopic.IsValidName(p.Topic)) throw new ArgumentException($"invalid topic name '{p.Topic}'");
        if (p.Topic.Length == 0 && p.Properties.TopicAlias is null) throw new ArgumentException("an empty topic name needs a Topic Alias");
        if (p.Qos > MqttQos.ExactlyOnce) throw new ArgumentException("QoS out of range");
        if (p.Qos == MqttQos.AtMostOnce && (p.Dup || p.PacketId != 0)) throw new ArgumentException("QoS 0 PUBLISH has no DUP and no packet id");
        w.WriteString(p.Topic);
        if (p.Qos != MqttQos.AtMostOnce) WritePacketId(ref w, p.PacketId, p.Type);
        MqttV5PropertyWriter.Write(ref w, p.Properties, MqttPropertyContext.Publish);
        w.WriteBytes(p.Payload.Span);
    }

    private static PublishPacket ReadPublish(MqttFixedHeader h, ref MqttPacketReader r)
    {
        var qos = (MqttQos)((h.Flags >> 1) & 0x03);
        var topic = r.ReadString();
        if (!MqttTopic.IsValidName(topic)) throw MqttProtocolException.Malformed($"wildcard in PUBLISH topic '{topic}' [MQTT-3.3.2-2]");
        var id = qos == MqttQos.AtMostOnce ? (ushort)0 : RequirePacketId(ref r, h.Type);
        var properties = MqttV5PropertyReader.Read(ref r, MqttPropertyContext.Publish);
        if (topic.Length == 0 && properties.TopicAlias is null)
            throw MqttProtocolException.Violation("PUBLISH with an empty topic and no Topic Alias [MQTT-3.3.2-... §3.3.2.3.4]");
        return new PublishPacket
        {
            Topic = topic,
            Qos = qos,
            Dup = (h.Flags & 0x08) != 0,
            Retain = (h.Flags & 0x01) != 0,
            PacketId = id,
            Properties = properties,
            Payload = r.ReadToEnd(),
        };
    }

    /// <summary>
    /// PUBACK/PUBREC/PUBREL/PUBCOMP (§3.4.2): Packet Identifier | [Reason Code | [Properties]]. The reason code may
    /// be left out when it is Success with no properties (Remaining Length 2); the property length when there are
    /// no properties (Remaining Length 3).
    /// </summary>
    private static void WriteAcknowledgement(MqttAcknowledgementPacket p, ref MqttPacketWriter w)
    {
        WritePacketId(ref w, p.PacketId, p.Type);
        if (p.ReasonCode == MqttReasonCode.Success && p.Properties.IsEmpty) return;
        MqttV5ReasonCodes.Write(ref w, p.Type, p.ReasonCode);
        if (!p.Properties.IsEmpty) MqttV5PropertyWriter.Write(ref w, p.Properties, MqttPropertyContext.Acknowledgement);
    }

    private static MqttAcknowledgementPacket ReadAcknowledgement(MqttAcknowledgementPacket empty, ref MqttPacketReader r)
    {
        var id = RequirePacketId(ref r, empty.Type);
        if (r.End) return empty with { PacketId = id };
        var code = MqttV5ReasonCodes.Read(ref r, empty.Type);
        var properties = r.End ? MqttProperties.Empty : MqttV5PropertyReader.Read(ref r, MqttPropertyContext.Acknowledgement);
        return empty with { PacketId = id, ReasonCode = code, Properties = properties };
    }
}
