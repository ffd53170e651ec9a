namespace EdgeMx.Mqtt.Packets;

/// <summary>The Will Message carried in CONNECT (MQTT 5.0 §3.1.2.5, §3.1.3.2): published by the broker when the
/// connection ends without a DISCONNECT — how the appliance's availability turns <c>offline</c>.</summary>
public sealed record MqttWill
{
    public required string Topic { get; init; }
    public ReadOnlyMemory<byte> Payload { get; init; }
    public MqttQos Qos { get; init; }
    public bool Retain { get; init; }

    /// <summary>Will Properties (v5 only): Will Delay Interval, Message Expiry, Content Type, ...</summary>
    public MqttProperties Properties { get; init; } = MqttProperties.Empty;
}
