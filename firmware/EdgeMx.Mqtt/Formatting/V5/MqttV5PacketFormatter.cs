using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting.V5;

/// <summary>
/// MQTT 5.0 (OASIS Standard, 7 March 2019): properties on every packet, reason codes on every acknowledgement,
/// server-sent DISCONNECT and AUTH.
/// </summary>
public sealed partial class MqttV5PacketFormatter : MqttPacketFormatter
{
    public override MqttProtocolVersion Version => MqttProtocolVersion.V500;

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
                WriteReasonAndProperties(ref writer, disconnect.Type, disconnect.ReasonCode, disconnect.Properties, MqttPropertyContext.Disconnect);
                break;
            case AuthPacket auth:
                WriteReasonAndProperties(ref writer, auth.Type, auth.ReasonCode, auth.Properties, MqttPropertyContext.Auth);
                break;
            default: throw new ArgumentException($"unknown packet {packet.GetType().Name}");
        }
    }

    protected override MqttPacket ReadBody(MqttFixedHeader header, ref MqttPacketReader reader)
    {
        switch (header.Type)
        {
            case MqttPacketType.Connect: return ReadConnect(ref reader);
            case MqttPacketType.ConnAck: return ReadConnAck(ref reader);
            case MqttPacketType.Publish: return ReadPublish(header, ref reader);
            case MqttPacketType.PubAck: return ReadAcknowledgement(new PubAckPacket(), ref reader);
            case MqttPacketType.PubRec: return ReadAcknowledgement(new PubRecPacket(), ref reader);
            case MqttPacketType.PubRel: return ReadAcknowledgement(new PubRelPacket(), ref reader);
            case MqttPacketType.PubComp: return ReadAcknowledgement(new PubCompPacket(), ref reader);
            case MqttPacketType.Subscribe: return ReadSubscribe(ref reader);
            case MqttPacketType.SubAck: return ReadSubAck(ref reader);
            case MqttPacketType.Unsubscribe: return ReadUnsubscribe(ref reader);
            case MqttPacketType.UnsubAck: return ReadUnsubAck(ref reader);
            case MqttPacketType.PingReq: return PingReqPacket.Instance;
            case MqttPacketType.PingResp: return PingRespPacket.Instance;
            case MqttPacketType.Disconnect:
            {
                var (code, properties) = ReadReasonAndProperties(ref reader, header.Type, MqttPropertyContext.Disconnect);
                return new DisconnectPacket { ReasonCode = code, Properties = properties };
            }
            case MqttPacketType.Auth:
            {
                var (code, properties) = ReadReasonAndProperties(ref reader, header.Type, MqttPropertyContext.Auth);
                return new AuthPacket { ReasonCode = code, Properties = properties };
            }
            default: throw MqttProtocolException.Malformed($"packet type {(int)header.Type} is reserved");
        }
    }

    /// <summary>
    /// DISCONNECT (§3.14.2) and AUTH (§3.15.2): both may be empty (reason 0, no properties); a reason code alone is
    /// a Remaining Length of 1; the property block follows when there are properties.
    /// </summary>
    private static void WriteReasonAndProperties(ref MqttPacketWriter w, MqttPacketType type, MqttReasonCode code,
        MqttProperties properties, MqttPropertyContext context)
    {
        if (code == MqttReasonCode.Success && properties.IsEmpty) return;
        MqttV5ReasonCodes.Write(ref w, type, code);
        if (!properties.IsEmpty) MqttV5PropertyWriter.Write(ref w, properties, context);
    }

    private static (MqttReasonCode, MqttProperties) ReadReasonAndProperties(ref MqttPacketReader r, MqttPacketType type,
        MqttPropertyContext context)
    {
        if (r.End) return (MqttReasonCode.Success, MqttProperties.Empty);
        var code = MqttV5ReasonCodes.Read(ref r, type);
        var properties = r.End ? MqttProperties.Empty : MqttV5PropertyReader.Read(ref r, context);
        return (code, properties);
    }
}
