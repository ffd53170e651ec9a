namespace EdgeMx.Mqtt.Packets;

/// <summary>DISCONNECT (MQTT 3.1.1 §3.14, MQTT 5.0 §3.14). In v5 either side may send it, with a reason code;
/// a client's normal DISCONNECT suppresses the Will, <see cref="MqttReasonCode.DisconnectWithWillMessage"/> does not.</summary>
public sealed record DisconnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Disconnect;
    public MqttReasonCode ReasonCode { get; init; }
    public MqttProperties Properties { get; init; } = MqttProperties.Empty;
}
