using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting.V311;

/// <summary>
/// MQTT 3.1.1 (OASIS Standard, 29 October 2014). No properties, no reason codes beyond CONNACK/SUBACK return codes
/// (mapped to the v5 vocabulary), no AUTH. Writing a v5-only field throws: the client builds packets per version.
/// </summary>
public sealed partial class MqttV311PacketFormatter : MqttPacketFormatter
{
    public override MqttProtocolVersion Version => MqttProtocolVersion.V311;

    protected override void WriteBody(MqttPacket packet, ref MqttPacketWriter writer)
    {
        switch (packet)
        {
            case ConnectPacket connect: WriteConnect(connect, ref writer); break;
            case ConnAckPacket connAck: WriteConnAck(connAck, ref writer); break;
            case PublishPacket publish: WritePublish(publish, ref writer); break;
            case MqttAcknowledgementPacket ack: WriteAcknowledgement(ack, ref writer); break;
            case SubscribePacket subscribe: WriteSubscribe(subscribe, ref writer); break;
            case SubAckPacket subAck: WriteSubAck(subAck, ref writer); break;
            case UnsubscribePacket unsubscribe: WriteUnsubscribe(unsubscribe, ref writer); break;
            case UnsubAckPacket unsubAck: WriteUnsubAck(unsubAck, ref writer); break;
            case PingReqPacket or PingRespPacket: break;
            case DisconnectPacket disconnect:
                NoV5(disconnect.Properties, disconnect.ReasonCode, disconnect.Type);
                break;
            default: throw new ArgumentException($"{packet.Type} does not exist in MQTT 3.1.1");
        }
    }

    protected override MqttPacket ReadBody(MqttFixedHeader header, ref MqttPacketReader reader) => header.Type switch
    {
        MqttPacketType.Connect => ReadConnect(ref reader),
        MqttPacketType.ConnAck => ReadConnAck(ref reader),
        MqttPacketType.Publish => ReadPublish(header, ref reader),
        MqttPacketType.PubAck => new PubAckPacket { PacketId = RequirePacketId(ref reader, header.Type) },
        MqttPacketType.PubRec => new PubRecPacket { PacketId = RequirePacketId(ref reader, header.Type) },
        MqttPacketType.PubRel => new PubRelPacket { PacketId = RequirePacketId(ref reader, header.Type) },
        MqttPacketType.PubComp => new PubCompPacket { PacketId = RequirePacketId(ref reader, header.Type) },
        MqttPacketType.Subscribe => ReadSubscribe(ref reader),
        MqttPacketType.SubAck => ReadSubAck(ref reader),
        MqttPacketType.Unsubscribe => ReadUnsubscribe(ref reader),
        MqttPacketType.UnsubAck => new UnsubAckPacket { PacketId = RequirePacketId(ref reader, header.Type) },
        MqttPacketType.PingReq => PingReqPacket.Instance,
        MqttPacketType.PingResp => PingRespPacket.Instance,
        MqttPacketType.Disconnect => new DisconnectPacket(),
        _ => throw MqttProtocolException.Malformed($"packet type {(int)header.Type} is not valid in MQTT 3.1.1"),
    };

    private static void WriteAcknowledgement(MqttAcknowledgementPacket ack, ref MqttPacketWriter writer)
    {
        NoV5(ack.Properties, ack.ReasonCode, ack.Type);
        WritePacketId(ref writer, ack.PacketId, ack.Type);
    }

    private static void NoV5(MqttProperties properties, MqttReasonCode reasonCode, MqttPacketType type)
    {
        if (!properties.IsEmpty) throw new ArgumentException($"{type}: properties need MQTT 5");
        if (reasonCode != MqttReasonCode.Success) throw new ArgumentException($"{type}: reason code {reasonCode} needs MQTT 5");
    }
}
