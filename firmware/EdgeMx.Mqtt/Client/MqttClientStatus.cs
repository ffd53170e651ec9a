namespace EdgeMx.Mqtt.Client;

/// <summary>A snapshot of the client for status displays and metrics. Holds no secrets.</summary>
public sealed record MqttClientStatus
{
    public required MqttClientState State { get; init; }
    public required string Broker { get; init; }
    public required string ProtocolVersion { get; init; }
    public DateTimeOffset? ConnectedSince { get; init; }
    public MqttConnectionProblem? LastProblem { get; init; }
    public DateTimeOffset? LastProblemAt { get; init; }
    public int Connections { get; init; }
    public int QueuedMessages { get; init; }
    public long QueuedBytes { get; init; }
    public long DroppedMessages { get; init; }
    public long ExpiredMessages { get; init; }
    public long RefusedMessages { get; init; }
    public long DeliveredMessages { get; init; }
    public int InFlight { get; init; }
    public string? QueuePersistenceError { get; init; }
}
