using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt;

/// <summary>An application message as the telemetry code sees it: what to publish, or what was received.</summary>
public sealed record MqttApplicationMessage
{
    public required string Topic { get; init; }
    public ReadOnlyMemory<byte> Payload { get; init; }
    public MqttQos Qos { get; init; }
    public bool Retain { get; init; }

    /// <summary>v5 Message Expiry Interval in seconds: the broker discards the message after this. Time spent in
    /// our offline queue counts (§3.3.2.3.3: the interval forwarded is what is left).</summary>
    public uint? MessageExpiryInterval { get; init; }

    /// <summary>v5 Payload Format Indicator 1 (UTF-8) when set.</summary>
    public bool PayloadIsUtf8 { get; init; }
    public string? ContentType { get; init; }

    /// <summary>v5 request/response (§4.10): where the requester wants the answer, and its correlation data.</summary>
    public string? ResponseTopic { get; init; }
    public byte[]? CorrelationData { get; init; }

    /// <summary>On received messages: the DUP flag (a possible re-delivery).</summary>
    public bool Dup { get; init; }
}
