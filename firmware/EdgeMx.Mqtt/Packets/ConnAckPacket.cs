namespace EdgeMx.Mqtt.Packets;

/// <summary>CONNACK (MQTT 3.1.1 §3.2, MQTT 5.0 §3.2). 3.1.1 return codes 1..5 appear as their v5 reason codes.</summary>
public sealed record ConnAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;
    public bool SessionPresent { get; init; }
    public MqttReasonCode ReasonCode { get; init; }
    public MqttProperties Properties { get; init; } = MqttProperties.Empty;
}
