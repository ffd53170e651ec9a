namespace EdgeMx.Core.State;

/// <summary>Which configuration is running: the file, when it was loaded, and a digest to compare with the disk.</summary>
public sealed record ConfigSummary
{
    public required string File { get; init; }
    public DateTimeOffset LoadedAt { get; init; }

    /// <summary>SHA-256 of the file's bytes, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Successful loads since start (1 after start-up, +1 per accepted reload).</summary>
    public int Generation { get; init; }
}
