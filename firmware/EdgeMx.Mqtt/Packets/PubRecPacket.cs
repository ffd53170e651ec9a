namespace EdgeMx.Mqtt.Packets;

/// <summary>PUBREC: first acknowledgement of a QoS 2 PUBLISH (§3.5).</summary>
public sealed record PubRecPacket : MqttAcknowledgementPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRec;
}
