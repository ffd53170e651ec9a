using EdgeMx.Net.Dns;

namespace EdgeMx.Net.Probes;

/// <summary>The outcome of one probe. Probes never throw for network trouble: they return a failed result.</summary>
public sealed record ProbeResult
{
    public required bool Success { get; init; }

    /// <summary>Round-trip time (request sent → answer received) when an answer arrived.</summary>
    public TimeSpan? Rtt { get; init; }

    public ProbeFailure Failure { get; init; }

    /// <summary>What happened, written for the event log ("HTTP 503 from http://203.0.113.100/health").</summary>
    public string Detail { get; init; } = "";

    /// <summary>The HTTP status code, for HTTP probes that got a response.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The DNS RCODE, for DNS probes that got a matching answer.</summary>
    public DnsResponseCode? ResponseCode { get; init; }

    public static ProbeResult Succeeded(TimeSpan rtt, string detail) => new() { Success = true, Rtt = rtt, Detail = detail };

    public static ProbeResult Failed(ProbeFailure failure, string detail, TimeSpan? rtt = null) =>
        new() { Success = false, Failure = failure, Detail = detail, Rtt = rtt };

    public override string ToString() =>
        Success ? $"ok in {Rtt?.TotalMilliseconds:0.0} ms: {Detail}" : $"{Failure}: {Detail}";
}
