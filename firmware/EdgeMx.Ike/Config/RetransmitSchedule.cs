namespace EdgeMx.Ike.Config;

/// <summary>
/// When requests are retransmitted (RFC 7296 §2.1 leaves the schedule to the implementation). The default is
/// strongSwan's: timeout 4 s, base 1.8, 5 retransmissions, so a request is sent at 0, 4, 11.2, 24.2, 47.5 and
/// 89.5 s and given up at 165.1 s.
/// </summary>
public sealed record RetransmitSchedule(TimeSpan Timeout, double Base, int Tries)
{
    public static readonly RetransmitSchedule Default = new(TimeSpan.FromSeconds(4), 1.8, 5);

    /// <summary>How long to wait after the <paramref name="attempt"/>-th transmission (0 = the first).</summary>
    public TimeSpan WaitAfter(int attempt) => TimeSpan.FromTicks((long)(Timeout.Ticks * Math.Pow(Base, attempt)));

    /// <summary>Total time from the first transmission until the request is given up.</summary>
    public TimeSpan GiveUpAfter
    {
        get
        {
            var total = TimeSpan.Zero;
            for (var i = 0; i <= Tries; i++) total += WaitAfter(i);
            return total;
        }
    }
}
