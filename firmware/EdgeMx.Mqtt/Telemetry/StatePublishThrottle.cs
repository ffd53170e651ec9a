namespace EdgeMx.Mqtt.Telemetry;

/// <summary>
/// Rate limit for the retained state topic as a pure decision on <see cref="TimeProvider"/>: the first change after a
/// quiet spell goes out at once; changes within <see cref="MinInterval"/> of the last publication are coalesced into
/// one publication of the latest snapshot when the interval ends. Nothing is lost, only merged.
/// </summary>
public sealed class StatePublishThrottle(TimeSpan minInterval, TimeProvider time)
{
    private long? _lastPublished;
    private bool _pending;

    public TimeSpan MinInterval { get; } = minInterval;
    public bool Pending => _pending;

    public void OnChange() => _pending = true;

    /// <summary>Publish at the next opportunity regardless of the interval (a new connection, a command).</summary>
    public void PublishNow()
    {
        _pending = true;
        _lastPublished = null;
    }

    /// <summary>Zero: publish now. Positive: ask again after that long. Infinite: nothing to publish.</summary>
    public TimeSpan Due()
    {
        if (!_pending) return Timeout.InfiniteTimeSpan;
        if (_lastPublished is not { } last) return TimeSpan.Zero;
        var since = time.GetElapsedTime(last);
        return since >= MinInterval ? TimeSpan.Zero : MinInterval - since;
    }

    public void OnPublished()
    {
        _pending = false;
        _lastPublished = time.GetTimestamp();
    }
}
