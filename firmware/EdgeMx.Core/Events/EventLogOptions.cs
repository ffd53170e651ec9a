namespace EdgeMx.Core.Events;

public sealed record EventLogOptions
{
    /// <summary>The JSON-lines journal; null keeps the log in memory only (tests, `--no-persist`).</summary>
    public string? Path { get; init; }

    /// <summary>How many events the ring keeps (and the journal holds after compaction).</summary>
    public int Capacity { get; init; } = 5000;

    /// <summary>After a write failure, how long to wait before trying the disk again.</summary>
    public TimeSpan RetryAfterFailure { get; init; } = TimeSpan.FromSeconds(30);
}
