namespace EdgeMx.Ike.Engine;

/// <summary>Counters of what the engine saw and did (status, tests, benchmarks).</summary>
public sealed class IkeEngineCounters
{
    public long DatagramsReceived { get; internal set; }
    public long Malformed { get; internal set; }
    public long UnknownSpi { get; internal set; }
    public long AuthenticationFailures { get; internal set; }
    public long Retransmissions { get; internal set; }
    public long CookiesSent { get; internal set; }
    public long HalfOpenDropped { get; internal set; }
    public long IkeSasEstablished { get; internal set; }
}
