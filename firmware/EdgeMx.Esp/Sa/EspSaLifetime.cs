namespace EdgeMx.Esp.Sa;

/// <summary>
/// When an SA must be replaced (soft: ask IKE to rekey, RFC 7296 §2.8) and when it must stop carrying traffic
/// (hard). Time always as negotiated by IKE (strongSwan: rekey_time / life_time); bytes and packets only when
/// configured. Sequence-number exhaustion is an implicit limit of every SA (RFC 4303 §3.3.3).
/// </summary>
public sealed record EspSaLifetime
{
    public static readonly EspSaLifetime Unlimited = new();

    public TimeSpan? SoftTime { get; init; }
    public TimeSpan? HardTime { get; init; }
    public long? SoftBytes { get; init; }
    public long? HardBytes { get; init; }
    public long? SoftPackets { get; init; }
    public long? HardPackets { get; init; }

    public void Validate()
    {
        Check(SoftTime?.Ticks, HardTime?.Ticks, "time");
        Check(SoftBytes, HardBytes, "bytes");
        Check(SoftPackets, HardPackets, "packets");
    }

    private static void Check(long? soft, long? hard, string what)
    {
        if (soft <= 0 || hard <= 0) throw new ArgumentOutOfRangeException(what, $"lifetime {what} must be positive");
        if (soft is { } s && hard is { } h && s >= h)
            throw new ArgumentException($"the soft {what} lifetime must come before the hard one (soft before hard)");
    }
}
