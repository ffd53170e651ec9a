namespace EdgeMx.Mqtt.Packets;

/// <summary>
/// The shared shape of PUBACK, PUBREC, PUBREL and PUBCOMP (MQTT 5.0 §3.4–3.7): a packet identifier and, in v5 only
/// when there is something to say, a reason code and properties.
/// </summary>
public abstract record MqttAcknowledgementPacket : MqttPacket
{
    public ushort PacketId { get; init; }
    public MqttReasonCode ReasonCode { get; init; }
    public MqttProperties Properties { get; init; } = MqttProperties.Empty;
}
