using System.Collections.Immutable;

namespace EdgeMx.Mqtt.Packets;

/// <summary>SUBACK (MQTT 3.1.1 §3.9, MQTT 5.0 §3.9): one reason code per requested subscription, in order.</summary>
public sealed record SubAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.SubAck;
    public ushort PacketId { get; init; }
    public ImmutableArray<MqttReasonCode> ReasonCodes { get; init; } = [];
    public MqttProperties Properties { get; init; } = MqttProperties.Empty;
}
