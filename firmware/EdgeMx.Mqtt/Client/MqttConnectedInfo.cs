using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Client;

/// <summary>Raised after each successful CONNACK.</summary>
public sealed record MqttConnectedInfo(MqttProtocolVersion ProtocolVersion, bool SessionPresent, ConnAckPacket ConnAck);
