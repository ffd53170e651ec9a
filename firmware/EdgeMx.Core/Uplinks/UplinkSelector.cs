using EdgeMx.Core.State;
using EdgeMx.Core.Text;

namespace EdgeMx.Core.Uplinks;

/// <summary>
/// Chooses the uplink that carries the default route. The primary is preferred; when it fails the next usable uplink
/// (in configuration order) takes over at once; traffic returns to the primary only after the primary has been
/// <em>continuously</em> healthy for the hold time (default 15 s). Any relapse restarts the hold, so a flapping primary
/// never flaps traffic. This is the calm failback of seed 001 ("VPN uses the primary uplink and moves to the
/// secondary on failure") with the hold time a real deployment needs.
/// <para>Pure: the service calls <see cref="Evaluate"/> whenever a monitor changes and at <see cref="NextEvaluation"/>
/// (when a hold would expire); it never looks at a clock other than the <see cref="TimeProvider"/>.</para>
/// </summary>
public sealed class UplinkSelector
{
    private readonly IReadOnlyList<string> _order;
    private readonly TimeProvider _time;
    private long? _primaryHealthySince; // timestamp
    private bool _started;
    private string? _noneUsableReported; // the active uplink when "none usable" was last reported

    /// <param name="uplinks">All uplinks in configuration order.</param>
    /// <param name="primary">The preferred one.</param>
    public UplinkSelector(IReadOnlyList<string> uplinks, string primary, TimeSpan failbackHold, bool failoverOnDegraded, TimeProvider time)
    {
        if (!uplinks.Contains(primary)) throw new ArgumentException($"primary {primary} is not among the uplinks", nameof(primary));
        ArgumentOutOfRangeException.ThrowIfLessThan(failbackHold, TimeSpan.Zero);
        // The primary first, then the others in configuration order.
        _order = [primary, .. uplinks.Where(u => u != primary)];
        Primary = primary;
        FailbackHold = failbackHold;
        FailoverOnDegraded = failoverOnDegraded;
        _time = time;
    }

    public string Primary { get; }
    public TimeSpan FailbackHold { get; }
    public bool FailoverOnDegraded { get; }

    /// <summary>The uplink carrying the default route (null before the first decision, or when none has ever been usable).</summary>
    public string? Active { get; private set; }

    /// <summary>When the service should call <see cref="Evaluate"/> again even if nothing changes (a failback hold
    /// expiring), as a <see cref="TimeProvider"/> timestamp; null when nothing is pending.</summary>
    public long? NextEvaluation { get; private set; }

    /// <summary>How long the primary has been healthy while traffic is elsewhere (for status); null otherwise.</summary>
    public TimeSpan? PrimaryHealthyFor =>
        _primaryHealthySince is { } since && Active != Primary ? _time.GetElapsedTime(since) : null;

    /// <summary>
    /// Takes over a running situation (after a configuration reload) instead of deciding from scratch: traffic stays on
    /// <paramref name="active"/>, and if that is not the primary, the primary must again be healthy for the hold time.
    /// </summary>
    public void Adopt(string active)
    {
        if (!_order.Contains(active)) throw new ArgumentException($"{active} is not among the uplinks", nameof(active));
        Active = active;
        _started = true;
    }

    public SelectionChange? Evaluate(IReadOnlyList<UplinkHealth> health)
    {
        var now = _time.GetTimestamp();
        var byName = health.ToDictionary(h => h.Name);
        UplinkHealth Of(string name) => byName.TryGetValue(name, out var h) ? h : new UplinkHealth(name, MonitorStatus.Pending);

        var primary = Of(Primary);
        if (_order.Any(u => Of(u).Usable)) _noneUsableReported = null;
        if (Healthy(primary)) _primaryHealthySince ??= now;
        else _primaryHealthySince = null;
        NextEvaluation = null;

        if (!_started)
        {
            _started = true;
            var first = _order.FirstOrDefault(u => Of(u).Usable);
            if (first is null) return null; // nothing to decide yet; keep trying as monitors report
            Active = first;
            return new SelectionChange(SelectionChangeKind.Initial, null, first,
                first == Primary ? $"{first} is the primary uplink" : $"primary {Primary} is not usable ({Describe(primary)}); starting on {first}");
        }

        if (Active is null)
        {
            var first = _order.FirstOrDefault(u => Of(u).Usable);
            if (first is null) return null;
            Active = first;
            return new SelectionChange(SelectionChangeKind.Initial, null, first, $"{first} is the first usable uplink");
        }

        var active = Of(Active);
        if (Active == Primary)
        {
            if (active.Usable && !(FailoverOnDegraded && active.Status == MonitorStatus.Degraded && _order.Skip(1).Any(u => Of(u).Status == MonitorStatus.Up)))
                return null;
            var standby = BestStandby(Of, exclude: Primary);
            if (standby is null)
                return active.Usable ? null : NoneUsable(active);
            return MoveTo(SelectionChangeKind.Failover, standby,
                $"primary {Primary} is {Describe(active)}");
        }

        // Traffic is on a standby.
        if (Healthy(primary))
        {
            var stable = _time.GetElapsedTime(_primaryHealthySince!.Value, now);
            if (stable >= FailbackHold)
            {
                return MoveTo(SelectionChangeKind.Failback, Primary,
                    $"primary {Primary} has been healthy for {Durations.Format(stable)} (hold time {Durations.Format(FailbackHold)})") with { PrimaryStableFor = stable };
            }
            NextEvaluation = _primaryHealthySince.Value + (long)(FailbackHold.TotalSeconds * _time.TimestampFrequency);
        }

        if (active.Usable) return null;
        // The standby failed too: anything usable is better than nothing, the primary first (no hold: the
        // alternative is a dead link).
        var next = _order.FirstOrDefault(u => u != Active && Of(u).Usable);
        if (next is null) return NoneUsable(active);
        NextEvaluation = null;
        return MoveTo(SelectionChangeKind.Switch, next, $"{Active} is {Describe(active)}");
    }

    // Healthy enough to fail back to: fully up, or degraded when degradation alone does not cause failover.
    private bool Healthy(UplinkHealth h) =>
        h.Status == MonitorStatus.Up || (h.Status == MonitorStatus.Degraded && !FailoverOnDegraded);

    private string? BestStandby(Func<string, UplinkHealth> of, string exclude)
    {
        // A fully up standby beats a degraded or not-yet-judged one that comes earlier in the order.
        var candidates = _order.Where(u => u != exclude).Select(of).Where(h => h.Usable).ToList();
        if (candidates.Count == 0) return null;
        return candidates.Where(h => h.Status == MonitorStatus.Up).Select(h => h.Name).FirstOrDefault() ?? candidates[0].Name;
    }

    private SelectionChange MoveTo(SelectionChangeKind kind, string to, string reason)
    {
        var from = Active;
        Active = to;
        return new SelectionChange(kind, from, to, reason);
    }

    private SelectionChange? NoneUsable(UplinkHealth active)
    {
        // Reported once per outage: the route stays on the active uplink (some traffic may still pass, and moving it
        // to another failed link helps nobody).
        if (_noneUsableReported == Active) return null;
        _noneUsableReported = Active;
        return new SelectionChange(SelectionChangeKind.NoneUsable, Active, Active,
            $"no uplink is usable; {Active} is {Describe(active)} and keeps the default route as a last resort");
    }

    private static string Describe(UplinkHealth h) => h.Status switch
    {
        MonitorStatus.Failed => h.Reason is null ? "failed" : $"failed: {h.Reason}",
        MonitorStatus.Degraded => h.Reason is null ? "degraded" : $"degraded: {h.Reason}",
        MonitorStatus.Pending => "not yet judged",
        _ => "up",
    };
}
