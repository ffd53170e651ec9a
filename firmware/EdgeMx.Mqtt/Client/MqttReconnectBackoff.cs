namespace EdgeMx.Mqtt.Client;

/// <summary>
/// Delay before the next connection attempt: exponential (initial × 2^n, capped) with "equal jitter" — half the
/// delay fixed, half random — so a fleet of appliances that lost the same broker does not reconnect in lockstep,
/// yet no appliance retries immediately. The back-off resets only after a connection stayed up for
/// <see cref="StableAfter"/>, so a broker that accepts and then drops us at once is not hammered.
/// </summary>
public sealed class MqttReconnectBackoff
{
    private readonly TimeProvider _time;
    private readonly Random _random;
    private int _failures;
    private long? _connectedAt;

    public MqttReconnectBackoff(TimeSpan initial, TimeSpan maximum, TimeProvider time, Random? random = null)
    {
        if (initial <= TimeSpan.Zero || maximum < initial) throw new ArgumentOutOfRangeException(nameof(initial));
        Initial = initial;
        Maximum = maximum;
        _time = time;
        _random = random ?? Random.Shared;
    }

    public TimeSpan Initial { get; }
    public TimeSpan Maximum { get; }
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive attempts that failed or did not stay up.</summary>
    public int Failures => _failures;

    public void OnConnected() => _connectedAt = _time.GetTimestamp();

    /// <summary>The connection (or the attempt) ended; returns how long to wait before the next attempt.</summary>
    public TimeSpan OnDisconnected()
    {
        if (_connectedAt is { } at && _time.GetElapsedTime(at) >= StableAfter) _failures = 0;
        _connectedAt = null;
        var exponent = Math.Min(_failures, 30);
        _failures++;
        var ceiling = Math.Min(Maximum.Ticks, Initial.Ticks * (1L << Math.Min(exponent, 20)));
        var half = ceiling / 2;
        return TimeSpan.FromTicks(half + (long)(_random.NextDouble() * (ceiling - half)));
    }
}
