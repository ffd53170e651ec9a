namespace EdgeMx.Core.State;

/// <summary>The latest result of one probe target on one uplink.</summary>
public sealed record ProbeStatus
{
    /// <summary>"icmp", "http" or "dns".</summary>
    public required string Method { get; init; }

    /// <summary>What is probed: an address, a URL, or "name@server" for DNS.</summary>
    public required string Target { get; init; }

    public bool? LastSuccess { get; init; }
    public double? LastRttMs { get; init; }

    /// <summary>How the last probe failed ("timeout", "http 503", "unreachable", …); null after a success.</summary>
    public string? LastFailure { get; init; }

    public DateTimeOffset? LastAt { get; init; }
    public long Sent { get; init; }
    public long Failed { get; init; }
}
