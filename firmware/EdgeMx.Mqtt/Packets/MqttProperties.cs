using System.Collections.Immutable;

namespace EdgeMx.Mqtt.Packets;

/// <summary>
/// MQTT 5.0 properties (§2.2.2.2) of one packet or of a Will. Which of them may appear depends on the packet; the
/// v5 formatter enforces that on both read and write (a property in the wrong packet, or twice, is a protocol error).
/// Null means "absent" (the spec's default applies). Under MQTT 3.1.1 only <see cref="Empty"/> is allowed.
/// </summary>
public sealed record MqttProperties
{
    public static MqttProperties Empty { get; } = new();

    public byte? PayloadFormatIndicator { get; init; }
    public uint? MessageExpiryInterval { get; init; }
    public string? ContentType { get; init; }
    public string? ResponseTopic { get; init; }
    public byte[]? CorrelationData { get; init; }

    /// <summary>One in SUBSCRIBE; possibly several in a PUBLISH from the server (one per matching subscription).</summary>
    public ImmutableArray<uint> SubscriptionIdentifiers { get; init; } = [];
    public uint? SessionExpiryInterval { get; init; }
    public string? AssignedClientIdentifier { get; init; }
    public ushort? ServerKeepAlive { get; init; }
    public string? AuthenticationMethod { get; init; }
    public byte[]? AuthenticationData { get; init; }
    public byte? RequestProblemInformation { get; init; }
    public uint? WillDelayInterval { get; init; }
    public byte? RequestResponseInformation { get; init; }
    public string? ResponseInformation { get; init; }
    public string? ServerReference { get; init; }
    public string? ReasonString { get; init; }
    public ushort? ReceiveMaximum { get; init; }
    public ushort? TopicAliasMaximum { get; init; }
    public ushort? TopicAlias { get; init; }
    public byte? MaximumQos { get; init; }
    public bool? RetainAvailable { get; init; }
    public ImmutableArray<MqttUserProperty> UserProperties { get; init; } = [];
    public uint? MaximumPacketSize { get; init; }
    public bool? WildcardSubscriptionAvailable { get; init; }
    public bool? SubscriptionIdentifierAvailable { get; init; }
    public bool? SharedSubscriptionAvailable { get; init; }

    public bool IsEmpty =>
        PayloadFormatIndicator is null && MessageExpiryInterval is null && ContentType is null && ResponseTopic is null &&
        CorrelationData is null && SubscriptionIdentifiers.IsDefaultOrEmpty && SessionExpiryInterval is null &&
        AssignedClientIdentifier is null && ServerKeepAlive is null && AuthenticationMethod is null &&
        AuthenticationData is null && RequestProblemInformation is null && WillDelayInterval is null &&
        RequestResponseInformation is null && ResponseInformation is null && ServerReference is null &&
        ReasonString is null && ReceiveMaximum is null && TopicAliasMaximum is null && TopicAlias is null &&
        MaximumQos is null && RetainAvailable is null && UserProperties.IsDefaultOrEmpty && MaximumPacketSize is null &&
        WildcardSubscriptionAvailable is null && SubscriptionIdentifierAvailable is null && SharedSubscriptionAvailable is null;
}
