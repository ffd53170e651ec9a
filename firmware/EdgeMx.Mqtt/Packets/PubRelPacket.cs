namespace EdgeMx.Mqtt.Packets;

/// <summary>PUBREL: releases a QoS 2 message after PUBREC (§3.6); fixed-header flags 0b0010.</summary>
public sealed record PubRelPacket : MqttAcknowledgementPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRel;
}
