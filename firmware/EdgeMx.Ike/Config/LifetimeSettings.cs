namespace EdgeMx.Ike.Config;

/// <summary>
/// Time-based SA lifetime (seed 001: 28,800 s by default, time-based only). The SA is rekeyed at
/// lifetime − margin − a random jitter in [0, jitter), so that two ends configured alike do not rekey at the same
/// instant, and removed at the hard lifetime if rekeying did not succeed.
/// </summary>
public sealed record LifetimeSettings(TimeSpan Lifetime, TimeSpan RekeyMargin, TimeSpan Jitter)
{
    public static readonly LifetimeSettings Default =
        new(TimeSpan.FromSeconds(28_800), TimeSpan.FromSeconds(540), TimeSpan.FromSeconds(180));

    /// <summary>The soft (rekey) time for a random draw in [0, 1).</summary>
    public TimeSpan RekeyAfter(double random)
    {
        var soft = Lifetime - RekeyMargin - TimeSpan.FromTicks((long)(Jitter.Ticks * random));
        return soft > TimeSpan.Zero ? soft : TimeSpan.FromTicks(Lifetime.Ticks / 2);
    }
}
