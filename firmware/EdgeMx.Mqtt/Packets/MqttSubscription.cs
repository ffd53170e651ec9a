namespace EdgeMx.Mqtt.Packets;

/// <summary>One topic filter and its subscription options (MQTT 5.0 §3.8.3.1; in 3.1.1 only the QoS).</summary>
public sealed record MqttSubscription
{
    public required string TopicFilter { get; init; }
    public MqttQos MaximumQos { get; init; }

    /// <summary>v5: do not send back messages this client published itself.</summary>
    public bool NoLocal { get; init; }
    public bool RetainAsPublished { get; init; }
    public MqttRetainHandling RetainHandling { get; init; }
}
