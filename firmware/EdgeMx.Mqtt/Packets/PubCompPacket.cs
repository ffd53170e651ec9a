namespace EdgeMx.Mqtt.Packets;

/// <summary>PUBCOMP: completes a QoS 2 exchange (§3.7).</summary>
public sealed record PubCompPacket : MqttAcknowledgementPacket
{
    public override MqttPacketType Type => MqttPacketType.PubComp;
}
