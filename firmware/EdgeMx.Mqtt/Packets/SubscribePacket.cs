using System.Collections.Immutable;

namespace EdgeMx.Mqtt.Packets;

/// <summary>SUBSCRIBE (MQTT 3.1.1 §3.8, MQTT 5.0 §3.8): at least one subscription; fixed-header flags 0b0010.</summary>
public sealed record SubscribePacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;
    public ushort PacketId { get; init; }
    public ImmutableArray<MqttSubscription> Subscriptions { get; init; } = [];
    public MqttProperties Properties { get; init; } = MqttProperties.Empty;
}
