namespace EdgeMx.Mqtt.Packets;

/// <summary>PINGREQ (MQTT 5.0 §3.12): keeps the connection alive and asks the broker to prove it is there.</summary>
public sealed record PingReqPacket : MqttPacket
{
    public static PingReqPacket Instance { get; } = new();
    public override MqttPacketType Type => MqttPacketType.PingReq;
}
