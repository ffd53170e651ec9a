namespace EdgeMx.Mqtt.Packets;

/// <summary>PUBACK: acknowledges a QoS 1 PUBLISH (§3.4).</summary>
public sealed record PubAckPacket : MqttAcknowledgementPacket
{
    public override MqttPacketType Type => MqttPacketType.PubAck;
}
