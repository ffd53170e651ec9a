using System.Globalization;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.State;

namespace EdgeMx.Core.Uplinks;

/// <summary>
/// The connection monitor of one uplink, as the best branch appliances do it (Meraki MX tests ICMP, HTTP and DNS from
/// each uplink): it takes the carrier state and each round of probe results and decides whether the uplink is
/// <c>up</c>, <c>degraded</c> (loss or latency over threshold, still usable) or <c>failed</c>.
/// <list type="bullet">
/// <item>Carrier loss fails the uplink at once; probes cannot be faster than the kernel saying the cable is out.</item>
/// <item>A round passes when any probe (or, if configured, every probe) succeeds; <c>failureThreshold</c> failed rounds
/// in a row fail the uplink; once failed, <c>recoveryThreshold</c> passed rounds in a row are needed to come back, so
/// a path that works one round in two never looks healthy.</item>
/// <item>Loss and latency are computed over the last <c>windowRounds</c> rounds.</item>
/// </list>
/// Pure: no timers, no I/O; the monitoring service feeds it and turns its transitions into events and state.
/// </summary>
public sealed class UplinkMonitor
{
    private readonly TimeProvider _time;
    private readonly Queue<RoundTally> _window = new();
    private readonly ProbeTally[] _probes;
    private int _consecutiveFailed;
    private int _consecutivePassed;

    public UplinkMonitor(string uplink, MonitoringSettings settings, TimeProvider time)
    {
        Uplink = uplink;
        Settings = settings;
        _time = time;
        _probes = settings.Probes.Select(p => new ProbeTally(p.Method, p.DescribeTarget())).ToArray();
        Since = time.GetUtcNow();
    }

    public string Uplink { get; }
    public MonitoringSettings Settings { get; }
    public MonitorStatus Status { get; private set; } = MonitorStatus.Pending;

    /// <summary>Why the uplink is not up (null when up).</summary>
    public string? Reason { get; private set; } = "waiting for the first probe round";

    /// <summary>When <see cref="Status"/> last changed.</summary>
    public DateTimeOffset Since { get; private set; }

    /// <summary>Carrier as last reported; null until the link state is known.</summary>
    public bool? LinkUp { get; private set; }

    public long ProbesSent { get; private set; }
    public long ProbesFailed { get; private set; }

    /// <summary>Times the uplink went to failed (by probes or carrier).</summary>
    public long Failures { get; private set; }

    public IReadOnlyList<ProbeTally> Probes => _probes;

    /// <summary>Share of failed probes over the window, 0–100; null before any round.</summary>
    public double? LossPercent
    {
        get
        {
            var sent = _window.Sum(r => r.Sent);
            return sent == 0 ? null : 100.0 * _window.Sum(r => r.Failed) / sent;
        }
    }

    /// <summary>Average RTT of the window's successful probes, in milliseconds; null when none succeeded.</summary>
    public double? LatencyMs
    {
        get
        {
            var n = _window.Sum(r => r.RttCount);
            return n == 0 ? null : _window.Sum(r => r.RttSumMs) / n;
        }
    }

    /// <summary>The kernel reported the carrier (IFF_UP and carrier: packets can flow) or its loss.</summary>
    public MonitorTransition? OnLink(bool up)
    {
        var was = LinkUp;
        LinkUp = up;
        if (was == up) return null;
        if (!up)
        {
            _consecutivePassed = 0;
            _consecutiveFailed = 0;
            _window.Clear(); // quality measured before the cable was pulled says nothing about after
            return MoveTo(MonitorStatus.Failed, "carrier lost (link down)", byLink: true);
        }
        if (_probes.Length == 0) return MoveTo(MonitorStatus.Up, null, byLink: true);
        if (Status == MonitorStatus.Failed)
        {
            Reason = $"carrier restored; waiting for {Settings.RecoveryThreshold} passing probe round(s) in a row";
        }
        return null;
    }

    /// <summary>One round of probe results (one outcome per configured probe, in any order).</summary>
    public MonitorTransition? OnRound(IReadOnlyList<ProbeOutcome> outcomes)
    {
        if (outcomes.Count == 0) return null;
        var now = _time.GetUtcNow();
        var tally = new RoundTally();
        foreach (var o in outcomes)
        {
            if ((uint)o.ProbeIndex >= (uint)_probes.Length) continue;
            _probes[o.ProbeIndex].Record(o, now);
            tally.Sent++;
            ProbesSent++;
            if (o.Success)
            {
                if (o.Rtt is { } rtt)
                {
                    tally.RttSumMs += rtt.TotalMilliseconds;
                    tally.RttCount++;
                }
            }
            else
            {
                tally.Failed++;
                ProbesFailed++;
            }
        }
        if (tally.Sent == 0) return null;
        // Results that raced a carrier loss tell nothing: the link event already failed the uplink.
        if (LinkUp == false) return null;

        _window.Enqueue(tally);
        while (_window.Count > Settings.WindowRounds) _window.Dequeue();

        var passed = Settings.RoundPassesWhenAll ? tally.Failed == 0 : tally.Failed < tally.Sent;
        if (passed)
        {
            _consecutiveFailed = 0;
            _consecutivePassed++;
        }
        else
        {
            _consecutivePassed = 0;
            _consecutiveFailed++;
        }

        switch (Status)
        {
            case MonitorStatus.Pending when passed:
                return MoveTo(Quality() ?? MonitorStatus.Up, QualityReason(), byLink: false);
            case MonitorStatus.Pending or MonitorStatus.Up or MonitorStatus.Degraded when _consecutiveFailed >= Settings.FailureThreshold:
                return MoveTo(MonitorStatus.Failed, FailureReason(outcomes), byLink: false);
            case MonitorStatus.Pending:
                Reason = $"{_consecutiveFailed} of {Settings.FailureThreshold} probe round(s) failed so far: {DescribeRound(outcomes)}";
                return null;
            case MonitorStatus.Up or MonitorStatus.Degraded when !passed:
                // A failing streak counts toward failure, not degradation: a black-holed path should read
                // "up → failed", not "up → degraded → failed" a second apart.
                return null;
            case MonitorStatus.Up or MonitorStatus.Degraded:
                var quality = Quality() ?? Status;
                return quality == Status ? UpdateReason() : MoveTo(quality, QualityReason(), byLink: false);
            case MonitorStatus.Failed when passed && _consecutivePassed >= Settings.RecoveryThreshold:
                return MoveTo(Quality() ?? MonitorStatus.Up, QualityReason(), byLink: false);
            case MonitorStatus.Failed when passed:
                Reason = $"recovering: {_consecutivePassed} of {Settings.RecoveryThreshold} probe round(s) passed";
                return null;
            default:
                _consecutivePassed = 0;
                Reason = FailureReason(outcomes);
                return null;
        }
    }

    private MonitorTransition? UpdateReason()
    {
        Reason = QualityReason();
        return null;
    }

    // Degraded or up from the window; null while the window is too short to judge loss fairly (one lost probe in the
    // first round of three would read as 33 %).
    private MonitorStatus? Quality()
    {
        if (_window.Count < Math.Max(1, (Settings.WindowRounds + 1) / 2)) return null;
        return IsDegraded() ? MonitorStatus.Degraded : MonitorStatus.Up;
    }

    private bool IsDegraded() =>
        LossPercent >= Settings.DegradedLossPercent || LatencyMs >= Settings.DegradedLatency.TotalMilliseconds;

    private string? QualityReason()
    {
        var parts = new List<string>();
        if (LossPercent is { } loss && loss >= Settings.DegradedLossPercent)
            parts.Add($"loss {Format(loss)} % over the last {_window.Count} round(s) (threshold {Format(Settings.DegradedLossPercent)} %)");
        if (LatencyMs is { } latency && latency >= Settings.DegradedLatency.TotalMilliseconds)
            parts.Add($"average round-trip {Format(latency)} ms (threshold {Format(Settings.DegradedLatency.TotalMilliseconds)} ms)");
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private string FailureReason(IReadOnlyList<ProbeOutcome> lastRound) =>
        $"{_consecutiveFailed} probe round(s) in a row failed (threshold {Settings.FailureThreshold}); last round: {DescribeRound(lastRound)}";

    private string DescribeRound(IReadOnlyList<ProbeOutcome> round) =>
        string.Join("; ", round.Where(o => (uint)o.ProbeIndex < (uint)_probes.Length)
            .OrderBy(o => o.ProbeIndex)
            .Select(o => $"{_probes[o.ProbeIndex].Method} {_probes[o.ProbeIndex].Target} {(o.Success ? "ok" : o.Failure ?? "failed")}"));

    private MonitorTransition? MoveTo(MonitorStatus to, string? reason, bool byLink)
    {
        Reason = reason;
        if (to == Status) return null;
        var now = _time.GetUtcNow();
        var transition = new MonitorTransition(Uplink, Status, to, reason ?? DescribeUp())
        {
            ByLink = byLink,
            After = Status == MonitorStatus.Pending ? null : now - Since,
        };
        if (to == MonitorStatus.Failed)
        {
            Failures++;
            // Quality after a recovery is measured on the recovered path only, not on the outage's lost probes.
            _window.Clear();
        }
        Status = to;
        Since = now;
        return transition;
    }

    private string DescribeUp() =>
        _probes.Length == 0 ? "carrier up (no probes configured)"
        : LatencyMs is { } l ? $"probes pass; average round-trip {Format(l)} ms, loss {Format(LossPercent ?? 0)} %"
        : "probes pass";

    private static string Format(double value) => value.ToString(value >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture);

    private sealed class RoundTally
    {
        public int Sent;
        public int Failed;
        public double RttSumMs;
        public int RttCount;
    }
}
