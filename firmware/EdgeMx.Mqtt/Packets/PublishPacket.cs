namespace EdgeMx.Mqtt.Packets;

/// <summary>PUBLISH (MQTT 3.1.1 §3.3, MQTT 5.0 §3.3).</summary>
public sealed record PublishPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Publish;

    /// <summary>No wildcards. May be empty only in v5 with a Topic Alias.</summary>
    public required string Topic { get; init; }
    public ReadOnlyMemory<byte> Payload { get; init; }
    public MqttQos Qos { get; init; }
    public bool Retain { get; init; }

    /// <summary>Set on a re-delivery of a QoS &gt; 0 message; must be clear for QoS 0 (§3.3.1.1).</summary>
    public bool Dup { get; init; }

    /// <summary>Non-zero for QoS 1 and 2, zero (absent on the wire) for QoS 0.</summary>
    public ushort PacketId { get; init; }
    public MqttProperties Properties { get; init; } = MqttProperties.Empty;
}
