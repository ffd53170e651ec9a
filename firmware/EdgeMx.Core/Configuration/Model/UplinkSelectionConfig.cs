namespace EdgeMx.Core.Configuration.Model;

public sealed record UplinkSelectionConfig
{
    public const int DefaultFailbackHoldMs = 15_000;

    /// <summary>The preferred uplink; null = the first one listed.</summary>
    public string? Primary { get; set; }

    public int FailbackHoldMs { get; set; } = DefaultFailbackHoldMs;
    public bool FailoverOnDegraded { get; set; }
}
