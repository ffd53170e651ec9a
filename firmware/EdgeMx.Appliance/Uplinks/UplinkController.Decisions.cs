using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using EdgeMx.Core.Text;
using EdgeMx.Core.Uplinks;

namespace EdgeMx.Appliance.Uplinks;

public sealed partial class UplinkController
{
    private async Task OnRoundAsync(RoundCompleted round, CancellationToken cancellationToken)
    {
        if (round.Generation != _generation) return; // started under a configuration that has since been replaced
        var uplink = _uplinks.FirstOrDefault(u => u.Name == round.Uplink);
        if (uplink is null) return;
        var transition = uplink.Monitor.OnRound(round.Outcomes);
        if (transition is not null) ReportMonitor(uplink, transition);
        await DecideAsync(forceRouting: false, cancellationToken).ConfigureAwait(false);
    }

    // Runs the selector on the monitors' verdicts, acts on its decision, programs routing when anything routing-relevant
    // changed, re-arms the timer for a pending failback hold (or a routing retry) and publishes the state.
    private async Task DecideAsync(bool forceRouting, CancellationToken cancellationToken)
    {
        if (_selector is null) return;
        if (!_linksKnown)
        {
            // Nothing is decided before the kernel's view of the links is in: starting on a primary whose cable is
            // out, only to fail over a millisecond later, would be noise.
            UpdateBindings();
            Publish();
            return;
        }
        var health = _uplinks.Select(u => new UplinkHealth(u.Name, u.Monitor.Status, u.Monitor.Reason)).ToList();
        var change = _selector.Evaluate(health);
        if (change is not null)
        {
            var previousSince = _activeSince;
            if (change.Kind != SelectionChangeKind.NoneUsable)
            {
                _activeSince = _time.GetUtcNow();
                if (_uplinks.FirstOrDefault(u => u.Name == change.To) is { } to) to.Activations++;
                if (change.Kind == SelectionChangeKind.Failover) _failovers++;
                if (change.Kind == SelectionChangeKind.Failback) _failbacks++;
            }
            ReportSelection(change, previousSince);
        }

        var plan = BuildPlan();
        if (forceRouting || change is not null || !SamePlan(plan, _lastPlan))
            await ProgramRoutingAsync(plan, cancellationToken).ConfigureAwait(false);

        UpdateBindings();
        ArmTimer();
        Publish();
    }

    private RoutingPlan BuildPlan()
    {
        var routes = _uplinks.Select(u => u.Route).OfType<UplinkRoute>().ToList();
        var active = _selector?.Active;
        return new RoutingPlan(routes, routes.Any(r => r.Name == active) ? active : null);
    }

    private static bool SamePlan(RoutingPlan a, RoutingPlan? b) =>
        b is not null && a.DefaultVia == b.DefaultVia && a.Uplinks.SequenceEqual(b.Uplinks);

    private void UpdateBindings()
    {
        var bindings = _uplinks
            .Select(u => (u.Name, Binding: u.Binding(ResolversOf(u))))
            .Where(b => b.Binding is not null)
            .ToDictionary(b => b.Name, b => b.Binding!, StringComparer.Ordinal);
        Volatile.Write(ref _bindings, System.Collections.Immutable.ImmutableDictionary.CreateRange(StringComparer.Ordinal, bindings));
    }

    private void ArmTimer()
    {
        TimeSpan? due = null;
        if (_selector?.NextEvaluation is { } at)
        {
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), at);
            due = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
        }
        if (_routingFailed && (due is null || due > RoutingRetry)) due = RoutingRetry;
        _timer.Change(due ?? Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void ReportMonitor(UplinkRuntime uplink, MonitorTransition t)
    {
        var details = new Dictionary<string, string> { ["from"] = Word(t.From), ["to"] = Word(t.To) };
        if (uplink.Monitor.LatencyMs is { } latency) details["latencyMs"] = latency.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        if (uplink.Monitor.LossPercent is { } loss) details["lossPercent"] = loss.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        if (t.After is { } after) details["afterSeconds"] = after.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

        // Carrier loss is already reported by uplink.link.down, which says the uplink fails at once.
        if (t.ByLink && t.To == MonitorStatus.Failed) return;
        EventDraft draft = t.To switch
        {
            MonitorStatus.Failed => new EventDraft(EventSeverity.Error, EventCategory.Uplink, "uplink.monitor.failed",
                $"{Label(uplink)} is failed: {t.Reason}.")
            {
                Check = $"The link is up but the path behind it does not answer. Check the ISP's status and the modem/router on {uplink.Interface} "
                    + $"(its WAN light, its own uplink), then the targets: `edgemx status` shows every probe's last result; try "
                    + $"`ping -I {uplink.Interface} {FirstIcmpTarget(uplink) ?? "<target>"}`.",
            },
            MonitorStatus.Degraded => new EventDraft(EventSeverity.Warning, EventCategory.Uplink, "uplink.monitor.degraded",
                $"{Label(uplink)} is degraded: {t.Reason}.")
            {
                Check = $"Look for congestion or a bad line on {uplink.Interface} (a saturated upload, a noisy DSL/LTE signal). Traffic "
                    + (_config?.UplinkSelection.FailoverOnDegraded == true ? "moves to a fully up standby if there is one." : "stays on it (uplinkSelection.failoverOnDegraded is off)."),
            },
            MonitorStatus.Up when t.From == MonitorStatus.Failed => new EventDraft(EventSeverity.Notice, EventCategory.Uplink, "uplink.monitor.recovered",
                $"{Label(uplink)} recovered{(t.After is { } a ? $" after {Durations.Format(a)} failed" : "")}: {t.Reason}."),
            MonitorStatus.Up when t.From == MonitorStatus.Degraded => new EventDraft(EventSeverity.Info, EventCategory.Uplink, "uplink.monitor.up",
                $"{Label(uplink)} is no longer degraded: {t.Reason}."),
            _ => new EventDraft(EventSeverity.Info, EventCategory.Uplink, "uplink.monitor.up", $"{Label(uplink)} is up: {t.Reason}."),
        };
        _events.Append(draft with { Subject = uplink.Name, Details = details });
    }

    private void ReportSelection(SelectionChange c, DateTimeOffset? previousSince)
    {
        var holdText = _selector is { } s ? Durations.Format(s.FailbackHold) : "";
        var details = new Dictionary<string, string> { ["kind"] = c.Kind.ToString().ToLowerInvariant(), ["from"] = c.From ?? "", ["to"] = c.To ?? "" };
        EventDraft draft = c.Kind switch
        {
            SelectionChangeKind.Initial => new EventDraft(EventSeverity.Info, EventCategory.Uplink, "uplink.selected",
                $"Default route via {Describe(c.To)}: {c.Reason}."),
            SelectionChangeKind.Failover => new EventDraft(EventSeverity.Warning, EventCategory.Uplink, "uplink.failover",
                $"Failover: traffic moved from {c.From} to {Describe(c.To)} because {c.Reason}.")
            {
                Check = $"The cause is in the preceding {c.From} events. Traffic returns to {c.From} only after it has been healthy for {holdText} in a row.",
            },
            SelectionChangeKind.Failback => new EventDraft(EventSeverity.Notice, EventCategory.Uplink, "uplink.failback",
                $"Failback: traffic returned from {c.From} to {Describe(c.To)}; {c.Reason}."
                + (previousSince is { } since ? $" It ran on {c.From} for {Durations.Format(_time.GetUtcNow() - since)}." : "")),
            SelectionChangeKind.Switch => new EventDraft(EventSeverity.Warning, EventCategory.Uplink, "uplink.switch",
                $"Traffic moved from {c.From} to {Describe(c.To)} because {c.Reason}.")
            {
                Check = $"See the preceding {c.From} events for why it failed.",
            },
            _ => new EventDraft(EventSeverity.Critical, EventCategory.Uplink, "uplink.none-usable",
                $"No uplink is usable: {c.Reason}. The branch is probably offline.")
            {
                Check = "Check every ISP line and modem; `edgemx status` shows each uplink's link and probe results. Traffic moves as soon as any uplink recovers.",
            },
        };
        if (c.PrimaryStableFor is { } stable) details["primaryStableSeconds"] = stable.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
        _events.Append(draft with { Subject = c.To, Details = details });
    }

    private string Describe(string? uplink) =>
        _uplinks.FirstOrDefault(u => u.Name == uplink) is { } u
            ? u.Gateway is { } gw ? $"{u.Name} ({u.Interface}, gateway {gw})" : $"{u.Name} ({u.Interface})"
            : uplink ?? "nothing";

    private static string Label(UplinkRuntime uplink) =>
        uplink.Name == uplink.Interface ? $"uplink {uplink.Name}" : $"uplink {uplink.Name} ({uplink.Interface})";

    private static string? FirstIcmpTarget(UplinkRuntime uplink) =>
        uplink.Settings.Probes.FirstOrDefault(p => p.Method == "icmp")?.Target;

    private static string Word(MonitorStatus s) => s.ToString().ToLowerInvariant();
}
