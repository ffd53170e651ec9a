namespace EdgeMx.Mqtt.Queue;

/// <summary>Bounds and place of the offline queue. Both bounds apply; when either is exceeded the oldest messages
/// are dropped (and counted) to make room — the newest history is the most useful after an outage.</summary>
public sealed record MqttOfflineQueueOptions
{
    /// <summary>Directory holding <c>queue.log</c> (created 0700, the file 0600). Null keeps the queue in memory only.</summary>
    public string? Directory { get; init; }
    public int MaxMessages { get; init; } = 10_000;
    public long MaxBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Largest single message accepted (topic + payload).</summary>
    public int MaxMessageBytes { get; init; } = 256 * 1024;

    /// <summary>fsync each accepted message so it survives a power cut (default). Off trades that for fewer flash
    /// writes: the message is still handed to the kernel before Enqueue returns, so a process crash loses nothing.</summary>
    public bool SyncWrites { get; init; } = true;
}
