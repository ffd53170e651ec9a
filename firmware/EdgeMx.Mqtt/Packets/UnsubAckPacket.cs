using System.Collections.Immutable;

namespace EdgeMx.Mqtt.Packets;

/// <summary>UNSUBACK (MQTT 3.1.1 §3.11, MQTT 5.0 §3.11). 3.1.1 carries no reason codes (the list is empty).</summary>
public sealed record UnsubAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;
    public ushort PacketId { get; init; }
    public ImmutableArray<MqttReasonCode> ReasonCodes { get; init; } = [];
    public MqttProperties Properties { get; init; } = MqttProperties.Empty;
}
