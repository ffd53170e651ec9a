using EdgeMx.Ike.Config;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Exchanges;

namespace EdgeMx.Ike;

/// <summary>
/// Everything this SA has to do at a given time: retransmit, rekey or expire (itself and its CHILD_SAs), check the
/// peer's liveness (DPD), send NAT keepalives, give up a half-open state, run deferred work. The engine calls
/// <see cref="OnTimer"/> when <see cref="NextTimerAt"/> has passed.
/// </summary>
public sealed partial class IkeSa
{
    private readonly List<(long At, Action Run)> _deferred = [];

    private long? _rekeyAt;
    private long? _expireAt;
    private long? _dpdAt;
    private long? _halfOpenDeadline;

    public long? RekeyAt
    {
        get => _rekeyAt;
        internal set => Touched(_rekeyAt = value);
    }

    public long? ExpireAt
    {
        get => _expireAt;
        internal set => Touched(_expireAt = value);
    }

    internal long? DpdAt
    {
        get => _dpdAt;
        set => Touched(_dpdAt = value);
    }

    internal long? HalfOpenDeadline
    {
        get => _halfOpenDeadline;
        set => Touched(_halfOpenDeadline = value);
    }

    private void Touched(long? _) => Engine.Touch(this);

    /// <summary>Where this SA currently sits in the engine's timer queue (long.MaxValue: not queued).</summary>
    internal long QueuedAt { get; set; } = long.MaxValue;

    internal void Defer(TimeSpan delay, Action action)
    {
        _deferred.Add((Clock.After(delay), action));
        Engine.Touch(this);
    }

    internal long NextTimerAt
    {
        get
        {
            if (State == IkeSaState.Closed) return long.MaxValue;
            var next = long.MaxValue;
            void Consider(long? at)
            {
                if (at is { } value && value < next) next = value;
            }
            if (_active is not null) Consider(_retransmitAt);
            foreach (var (at, _) in _deferred) Consider(at);
            if (State is IkeSaState.Connecting or IkeSaState.Authenticating) Consider(HalfOpenDeadline);
            if (State is IkeSaState.Established or IkeSaState.Rekeying)
            {
                Consider(ExpireAt);
                if (State == IkeSaState.Established) Consider(RekeyAt);
                Consider(DpdAt);
                Consider(KeepaliveAt);
                foreach (var child in _children)
                {
                    Consider(child.ExpireAt);
                    Consider(child.RemoveAt);
                    if (child.State == ChildSaState.Installed && State == IkeSaState.Established) Consider(child.RekeyAt);
                }
            }
            return next;
        }
    }

    private long? KeepaliveAt => NatLocal && Settings.Nat.KeepaliveInterval > TimeSpan.Zero
        ? LastOutbound + Clock.ToTicks(Settings.Nat.KeepaliveInterval)
        : null;

    internal void OnTimer()
    {
        if (State == IkeSaState.Closed) return;
        var now = Clock.Now;

        if (_retransmitAt <= now && _active is not null) OnRetransmitTimer();
        if (State == IkeSaState.Closed) return;

        if (_deferred.Count > 0)
        {
            var due = _deferred.Where(d => d.At <= now).ToList();
            _deferred.RemoveAll(d => d.At <= now);
            foreach (var (_, run) in due)
            {
                if (State == IkeSaState.Closed) return;
                run();
            }
        }

        if (HalfOpenDeadline <= now && State is IkeSaState.Connecting or IkeSaState.Authenticating)
        {
            Close("half-open timeout: IKE_AUTH never completed", reconnect: true);
            return;
        }

        if (State is IkeSaState.Established or IkeSaState.Rekeying)
        {
            if (ExpireAt <= now)
            {
                ExpireAt = null;
                ExpireIkeSa();
                return;
            }
            ChildTimers(now);
            if (State == IkeSaState.Established && RekeyAt <= now)
            {
                RekeyAt = null;
                if (!IsQueuedOrActive(e => e is IkeRekeyExchange)) Queue(new IkeRekeyExchange(this));
            }
            DpdTimer(now);
            if (KeepaliveAt <= now) SendKeepalive();
        }
        StartNext();
    }

    private void ChildTimers(long now)
    {
        foreach (var child in _children.ToList())
        {
            if (child.ExpireAt <= now || child.RemoveAt <= now)
            {
                if (child.ExpireAt <= now && child.State is ChildSaState.Installed or ChildSaState.Rekeying)
                    Report(IkeEvents.ChildExpired(Name, child.Name, child.InboundSpi, child.Settings.Lifetime.Lifetime));
                var expired = child.State is ChildSaState.Installed or ChildSaState.Rekeying;
                RemoveChild(child, child.State == ChildSaState.Rekeyed ? "replaced by a rekey" : "lifetime expired");
                if (expired && MissingChildren().Contains(child.Settings)) ScheduleChildRetry(child.Settings);
                continue;
            }
            if (child.State == ChildSaState.Installed && child.RekeyAt <= now && State == IkeSaState.Established)
            {
                child.State = ChildSaState.Rekeying;
                Queue(new ChildRekeyExchange(this, child));
            }
        }
    }

    private void DpdTimer(long now)
    {
        var dpd = Settings.Dpd;
        if (dpd.Mode == DpdMode.None || DpdAt is not { } at || at > now) return;
        var interval = Clock.ToTicks(dpd.Interval);
        if (_active is not null || _queue.Count > 0)
        {
            // An exchange is under way: its own retransmissions tell whether the peer is alive.
            DpdAt = now + interval;
            return;
        }
        if (dpd.Mode == DpdMode.OnDemand)
        {
            var lastHeard = LastHeard;
            if (now - lastHeard < interval)
            {
                DpdAt = lastHeard + interval;
                return;
            }
            if (LastSent is not { } sent || sent <= lastHeard)
            {
                // Nothing sent since the peer was last heard: nothing is waiting for an answer, so there is nothing to
                // check (RFC 7296 §2.4: the check is for when there has only been outgoing traffic; RFC 3706 §5.3 and
                // Cisco's on-demand: no traffic to send, no need to know). An idle tunnel to a silent peer stays up;
                // the next traffic the data plane reports wakes the check (OnTrafficReported).
                DpdAt = null;
                return;
            }
        }
        Queue(new DpdExchange());
        DpdAt = now + interval;
    }

    /// <summary>
    /// The data plane reported traffic: an on-demand check that was waiting for traffic becomes due when ESP went out
    /// after the peer was last heard (and then goes out at once if that was an interval or more ago).
    /// </summary>
    internal void OnTrafficReported()
    {
        if (Settings.Dpd.Mode != DpdMode.OnDemand || DpdAt is not null || State is not (IkeSaState.Established or IkeSaState.Rekeying)) return;
        if (LastSent is { } sent && sent > LastHeard) DpdAt = Math.Max(Clock.Now, LastHeard + Clock.ToTicks(Settings.Dpd.Interval));
    }

    /// <summary>The last time anything (IKE, or ESP as the data plane reports it) arrived from the peer.</summary>
    internal long LastHeard
    {
        get
        {
            var last = LastInbound;
            foreach (var child in _children)
                if (child.LastInboundAt is { } esp && esp > last) last = esp;
            return last;
        }
    }

    /// <summary>The last time ESP went to the peer on any of our CHILD_SAs (as the data plane reports it), or null.</summary>
    internal long? LastSent
    {
        get
        {
            long? last = null;
            foreach (var child in _children)
                if (child.LastOutboundAt is { } esp && (last is null || esp > last)) last = esp;
            return last;
        }
    }

    /// <summary>Starts the lifetime and liveness timers of a freshly established (or rekeyed) IKE SA.</summary>
    internal void StartEstablishedTimers()
    {
        var lifetime = Settings.IkeLifetime;
        RekeyAt = Clock.After(lifetime.RekeyAfter(Engine.NextRandomFraction()));
        ExpireAt = Clock.After(lifetime.Lifetime);
        if (Settings.Dpd.Mode != DpdMode.None) DpdAt = Clock.After(Settings.Dpd.Interval);
        HalfOpenDeadline = null;
    }
}
