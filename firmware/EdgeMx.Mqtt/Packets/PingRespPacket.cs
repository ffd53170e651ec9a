namespace EdgeMx.Mqtt.Packets;

/// <summary>PINGRESP (MQTT 5.0 §3.13).</summary>
public sealed record PingRespPacket : MqttPacket
{
    public static PingRespPacket Instance { get; } = new();
    public override MqttPacketType Type => MqttPacketType.PingResp;
}
