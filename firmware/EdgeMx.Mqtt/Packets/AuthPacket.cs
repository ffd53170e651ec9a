namespace EdgeMx.Mqtt.Packets;

/// <summary>AUTH (MQTT 5.0 §3.15): enhanced authentication exchange. Does not exist in 3.1.1.</summary>
public sealed record AuthPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Auth;
    public MqttReasonCode ReasonCode { get; init; }
    public MqttProperties Properties { get; init; } = MqttProperties.Empty;
}
