namespace EdgeMx.Mqtt.Packets;

/// <summary>
/// One MQTT Control Packet, independent of the protocol version on the wire. The formatters in
/// <c>Formatting/V311</c> and <c>Formatting/V5</c> turn these into bytes and back.
/// </summary>
public abstract record MqttPacket
{
    public abstract MqttPacketType Type { get; }
}
