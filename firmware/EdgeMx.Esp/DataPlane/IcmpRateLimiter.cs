namespace EdgeMx.Esp.DataPlane;

/// <summary>A token bucket for ICMP errors: a burst of one second's worth, refilled continuously.</summary>
internal sealed class IcmpRateLimiter(int perSecond, TimeProvider time)
{
    private readonly object _gate = new();
    private double _tokens = perSecond;
    private long _last = time.GetTimestamp();

    public bool TryTake()
    {
        if (perSecond <= 0) return false;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(perSecond, _tokens + (now - _last) * (double)perSecond / time.TimestampFrequency);
            _last = now;
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }
}
