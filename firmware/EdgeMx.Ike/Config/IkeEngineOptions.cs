namespace EdgeMx.Ike.Config;

/// <summary>
/// Engine-wide settings, mostly responder defences (RFC 7296 §2.6): above <see cref="CookieThreshold"/> half-open
/// SAs every new IKE_SA_INIT must return a COOKIE first; above <see cref="HalfOpenLimit"/> new ones are dropped;
/// a half-open SA that does not complete IKE_AUTH within <see cref="HalfOpenTimeout"/> is removed.
/// </summary>
public sealed record IkeEngineOptions
{
    public int IkePort { get; init; } = 500;
    public int NatTraversalPort { get; init; } = 4500;
    public int CookieThreshold { get; init; } = 30;
    public int HalfOpenLimit { get; init; } = 1000;
    public TimeSpan HalfOpenTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan CookieSecretLifetime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Nonce size we send (RFC 7296 §2.10: at least half the PRF key size; 32 covers SHA-512).</summary>
    public int NonceSize { get; init; } = 32;

    /// <summary>The SPIs this engine allocates; <see cref="SpiPartition.Whole"/> unless it is one of several
    /// engines behind one set of sockets (<see cref="Transport.IkeRunnerPool"/>).</summary>
    public SpiPartition SpiPartition { get; init; } = SpiPartition.Whole;
}
