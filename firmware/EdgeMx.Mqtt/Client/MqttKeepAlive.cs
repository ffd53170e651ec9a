namespace EdgeMx.Mqtt.Client;

/// <summary>
/// Keep-alive for one connection as a pure state machine (the shape of Kestrel's Http2KeepAlive): it is told when
/// packets go out and come in, and asked what to do; it returns an action and when to ask next. No timers, no
/// sockets. The connection loop owns the waiting.
/// <para>
/// MQTT 5.0 §3.1.2.10: the client must send some control packet at least every Keep Alive; if it has nothing else
/// to send it sends PINGREQ. We also ping when the broker has been silent for Keep Alive, so a dead broker or path
/// is noticed even while we keep publishing QoS 0 (which the broker never answers). A PINGREQ unanswered for
/// <see cref="PingTimeout"/> ends the connection (§4.13: close the network connection on no PINGRESP).
/// </para>
/// </summary>
public sealed class MqttKeepAlive
{
    private readonly TimeProvider _time;
    private long _lastSent;
    private long _lastReceived;
    private long? _pingSentAt;

    /// <param name="keepAlive">The negotiated Keep Alive (CONNECT, or the v5 Server Keep Alive); zero turns it off.</param>
    /// <param name="pingTimeout">How long to wait for PINGRESP; capped at <paramref name="keepAlive"/>.</param>
    public MqttKeepAlive(TimeSpan keepAlive, TimeSpan pingTimeout, TimeProvider time)
    {
        if (keepAlive < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(keepAlive));
        if (pingTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(pingTimeout));
        KeepAlive = keepAlive;
        PingTimeout = keepAlive > TimeSpan.Zero && pingTimeout > keepAlive ? keepAlive : pingTimeout;
        _time = time;
        _lastSent = _lastReceived = time.GetTimestamp();
    }

    public TimeSpan KeepAlive { get; }
    public TimeSpan PingTimeout { get; }
    public bool PingOutstanding => _pingSentAt is not null;

    public void OnPacketSent() => _lastSent = _time.GetTimestamp();

    /// <summary>Any packet from the broker proves it is alive, so it also settles an outstanding ping.</summary>
    public void OnPacketReceived()
    {
        _lastReceived = _time.GetTimestamp();
        _pingSentAt = null;
    }

    public MqttKeepAliveDecision Evaluate()
    {
        if (KeepAlive == TimeSpan.Zero) return new(MqttKeepAliveAction.None, Timeout.InfiniteTimeSpan);
        var now = _time.GetTimestamp();
        if (_pingSentAt is { } sentAt)
        {
            var waited = _time.GetElapsedTime(sentAt, now);
            return waited >= PingTimeout
                ? new(MqttKeepAliveAction.TimedOut, Timeout.InfiniteTimeSpan)
                : new(MqttKeepAliveAction.None, PingTimeout - waited);
        }
        var idle = Max(_time.GetElapsedTime(_lastSent, now), _time.GetElapsedTime(_lastReceived, now));
        if (idle >= KeepAlive)
        {
            _pingSentAt = now;
            return new(MqttKeepAliveAction.SendPing, PingTimeout);
        }
        return new(MqttKeepAliveAction.None, KeepAlive - idle);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
