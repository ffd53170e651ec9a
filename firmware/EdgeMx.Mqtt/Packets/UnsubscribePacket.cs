using System.Collections.Immutable;

namespace EdgeMx.Mqtt.Packets;

/// <summary>UNSUBSCRIBE (MQTT 3.1.1 §3.10, MQTT 5.0 §3.10): at least one topic filter; flags 0b0010.</summary>
public sealed record UnsubscribePacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;
    public ushort PacketId { get; init; }
    public ImmutableArray<string> TopicFilters { get; init; } = [];
    public MqttProperties Properties { get; init; } = MqttProperties.Empty;
}
