namespace EdgeMx.Ike.Engine;

/// <summary>
/// Timers without timers: each SA knows when it next needs attention; the engine keeps them in a priority queue
/// (lazily: an entry that no longer matches the SA's time is skipped) and the host calls <see cref="OnTimer"/> once
/// <see cref="NextTimerAt"/> is reached.
/// </summary>
public sealed partial class IkeEngine
{
    private readonly PriorityQueue<IkeSa, long> _timers = new();
    private readonly HashSet<IkeSa> _touched = [];

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> value at which <see cref="OnTimer"/> should be called next,
    /// or null when nothing is scheduled.</summary>
    public long? NextTimerAt
    {
        get
        {
            long? next = _timers.TryPeek(out _, out var at) ? at : null;
            foreach (var connection in _connections.Values)
                if (connection.ReconnectAt is { } reconnect && (next is null || reconnect < next)) next = reconnect;
            return next;
        }
    }

    /// <summary>Time until <see cref="NextTimerAt"/> (zero when due), or null.</summary>
    public TimeSpan? NextTimerDelay => NextTimerAt is { } at ? TimeSpan.FromTicks(Math.Max(0, Clock.Until(at).Ticks)) : null;

    /// <summary>Runs everything that is due.</summary>
    public IReadOnlyList<IkeAction> OnTimer()
    {
        var now = Clock.Now;
        while (_timers.TryPeek(out var sa, out var at) && at <= now)
        {
            _timers.Dequeue();
            if (sa.QueuedAt != at) continue; // superseded by an earlier entry
            sa.QueuedAt = long.MaxValue;
            sa.OnTimer();
            Touch(sa);
        }
        foreach (var connection in _connections.Values.ToList())
        {
            if (connection.ReconnectAt is not { } reconnect || reconnect > now) continue;
            connection.ReconnectAt = null;
            if (connection.Wanted && connection.Current is null) StartIkeSa(connection);
        }
        return Finish();
    }

    /// <summary>Marks an SA whose timers may have changed during this call.</summary>
    internal void Touch(IkeSa sa) => _touched.Add(sa);

    private void RescheduleTouched()
    {
        foreach (var sa in _touched)
        {
            var next = sa.NextTimerAt;
            if (next == long.MaxValue || next >= sa.QueuedAt) continue;
            sa.QueuedAt = next;
            _timers.Enqueue(sa, next);
        }
        _touched.Clear();
    }
}
