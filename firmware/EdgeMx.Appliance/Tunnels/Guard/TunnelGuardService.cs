using System.Net;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using EdgeMx.Net.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Tunnels.Guard;

/// <summary>
/// Keeps the guard routes that make tunnels fail closed (<see cref="GuardRoute"/>; `failClosed`, seed 000). It is
/// registered before the uplink controller, so it starts first — the guards are in before the default route exists —
/// and stops after it — they go only once nothing routes to the internet any more. At start, on every reload and every
/// <see cref="CheckInterval"/> it reconciles the kernel to <see cref="GuardPlan"/> (one route per wanted prefix, stale
/// ones removed: a restart after SIGKILL finds its guards still there and keeps them), reads them back for status,
/// and reports what it could not install. Netlink failures never stop the appliance; they are retried. Reloads arrive
/// through the uplink controller's configuration (<paramref name="initial"/> is the one loaded at start, before the
/// controller has any). <paramref name="unavailable"/> says why guards must not be installed at all: the XFRM
/// backend has no routes of its own (its policies catch what the main table routes out of an uplink), so a guard
/// would refuse the tunnel's traffic while the tunnel is up.
/// </summary>
public sealed partial class TunnelGuardService(
    ApplianceConfig initial,
    UplinkController controller,
    IGuardRouteTable routes,
    TunnelGuards guards,
    IApplianceStateStore store,
    IEventLog events,
    TimeProvider time,
    ILogger<TunnelGuardService> logger,
    Func<string?>? unavailable = null) : BackgroundService
{
    /// <summary>How often the guards are checked against the kernel (an operator's `ip route flush` is undone).</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(10);

    /// <summary>How soon a failed install is tried again.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, string> _reportedFailure = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _reportedOff = new(StringComparer.Ordinal);
    private bool _failing;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReconcileAsync(initial, cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var current = controller.Configuration;
            try
            {
                await Task.WhenAny(current.Replaced.Task, Task.Delay(_failing ? RetryInterval : CheckInterval, time, stoppingToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (stoppingToken.IsCancellationRequested) return;
            try
            {
                await ReconcileAsync(controller.Configuration.Config ?? initial, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var plan = GuardPlan.Clear(await routes.ListOursAsync(cancellationToken).ConfigureAwait(false));
            var removed = 0;
            foreach (var route in plan.Remove)
                if (await routes.DeleteAsync(route, cancellationToken).ConfigureAwait(false)) removed++;
            LogRemoved(logger, removed);
            if (removed > 0)
                events.Append(new EventDraft(EventSeverity.Info, EventCategory.Vpn, "vpn.guard.removed",
                    $"Removed the {removed} guard route(s) of the tunnels' remote subnets (clean stop)") { Subject = "guard" });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRemoveFailed(logger, e);
            events.Append(new EventDraft(EventSeverity.Error, EventCategory.Vpn, "vpn.guard.cleanup-failed",
                $"Removing the tunnels' guard routes at shutdown failed: {e.Message}")
            {
                Check = "They still refuse traffic for the tunnels' remote subnets. Remove them by hand (`ip route show table main proto 77 type unreachable`, "
                    + "then `ip route del unreachable PREFIX metric 1000000 proto 77`), or start the appliance again: it reconciles at start.",
                Subject = "guard",
            });
        }
    }

    /// <summary>One reconcile: plan, apply, read back, publish, report. Never throws (but for cancellation at stop).</summary>
    internal async Task ReconcileAsync(ApplianceConfig? applied, CancellationToken cancellationToken)
    {
        var tunnels = GuardedTunnel.From(applied?.Tunnels ?? []);
        var failures = new Dictionary<IPNetwork, string>();
        string? unknown = null;
        var blocked = unavailable?.Invoke();
        var installed = new HashSet<IPNetwork>();
        try
        {
            // Where guards cannot be used, none is wanted: the plan then also removes any a previous run left.
            var wanted = blocked is null ? GuardPlan.WantedBy(tunnels) : new HashSet<IPNetwork>();
            var plan = GuardPlan.Between(wanted, await routes.ListOursAsync(cancellationToken).ConfigureAwait(false));
            foreach (var route in plan.Remove)
            {
                try
                {
                    await routes.DeleteAsync(route, cancellationToken).ConfigureAwait(false);
                    LogChanged(logger, "removed", route.ToString());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A stale guard left in place refuses a prefix nobody tunnels any more: worth a log, not a failure.
                    LogChangeFailed(logger, e, "remove", route.ToString());
                }
            }
            foreach (var route in plan.Install)
            {
                try
                {
                    await routes.ReplaceAsync(route, cancellationToken).ConfigureAwait(false);
                    LogChanged(logger, "installed", route.ToString());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogChangeFailed(logger, e, "install", route.ToString());
                    failures[route.Destination] = e.Message;
                }
            }
            // What status shows is what the kernel holds, read back, not what we asked for.
            foreach (var route in await routes.ListOursAsync(cancellationToken).ConfigureAwait(false))
                if (GuardRoute.IsExact(route)) installed.Add(route.Destination);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogChangeFailed(logger, e, "list", "the main table's routes");
            unknown = e.Message;
        }
        Publish(tunnels, installed, failures, unknown, blocked);
    }

    private void Publish(IReadOnlyList<GuardedTunnel> tunnels, IReadOnlySet<IPNetwork> installed, IReadOnlyDictionary<IPNetwork, string> failures,
        string? unknown, string? blocked)
    {
        var byTunnel = tunnels.ToDictionary(t => t.Name, t => GuardStatus.Of(t, installed, failures, unknown, blocked), StringComparer.Ordinal);
        guards.Set(byTunnel);
        store.Update(s =>
        {
            var tunnelStates = s.Tunnels.Select(guards.Apply).ToList();
            return tunnelStates.SequenceEqual(s.Tunnels) ? s : s with { Tunnels = [.. tunnelStates] };
        });
        _failing = false;
        foreach (var tunnel in tunnels)
        {
            var state = byTunnel[tunnel.Name];
            var missing = state.Unguarded.Except(tunnel.Unguardable.Select(p => p.ToString())).ToList();
            if (tunnel.FailClosed && missing.Count > 0 && blocked is null)
            {
                _failing = true;
                ReportFailed(tunnel, missing, state.Error!);
            }
            else if (_reportedFailure.Remove(tunnel.Name))
            {
                events.Append(new EventDraft(EventSeverity.Notice, EventCategory.Vpn, "vpn.guard.restored",
                    $"Tunnel {tunnel.Name}: the guard routes are in place again; its traffic fails closed while the tunnel is down")
                { Subject = tunnel.Name });
            }
            ReportOff(tunnel, blocked);
        }
        foreach (var gone in _reportedFailure.Keys.Where(n => tunnels.All(t => t.Name != n)).ToList()) _reportedFailure.Remove(gone);
        foreach (var gone in _reportedOff.Keys.Where(n => tunnels.All(t => t.Name != n)).ToList()) _reportedOff.Remove(gone);
    }

    /// <summary>One event per tunnel and distinct problem, not one per retry.</summary>
    private void ReportFailed(GuardedTunnel tunnel, IReadOnlyList<string> missing, string error)
    {
        if (_reportedFailure.TryGetValue(tunnel.Name, out var reported) && reported == error) return;
        _reportedFailure[tunnel.Name] = error;
        events.Append(new EventDraft(EventSeverity.Error, EventCategory.Vpn, "vpn.guard.failed",
            $"Tunnel {tunnel.Name}: the guard route for {string.Join(", ", missing)} could not be installed ({error}); while the tunnel is down "
            + "that traffic follows the main table and may leave through the uplink unencrypted")
        {
            Subject = tunnel.Name,
            Check = "Does the appliance run as root (CAP_NET_ADMIN) in its own network namespace? Is another route of protocol 77 holding "
                + $"that prefix with metric {GuardRoute.Metric}? Look at `ip route show table main proto 77` and the appliance log; "
                + $"it tries again every {RetryInterval.TotalSeconds:0} s.",
            Details = new Dictionary<string, string> { ["prefixes"] = string.Join(",", missing), ["error"] = error },
        });
    }

    /// <summary>Not failing closed is the operator's choice, but said once, with what it means (seed 000: DIA off by default).</summary>
    private void ReportOff(GuardedTunnel tunnel, string? blocked)
    {
        var unguarded = tunnel.FailClosed && blocked is null ? tunnel.Unguardable : tunnel.Prefixes.AddRange(tunnel.Unguardable);
        if (unguarded.IsEmpty)
        {
            _reportedOff.Remove(tunnel.Name);
            return;
        }
        var what = string.Join(", ", unguarded);
        if (_reportedOff.TryGetValue(tunnel.Name, out var reported) && reported == what) return;
        _reportedOff[tunnel.Name] = what;
        var why = !tunnel.FailClosed ? "failClosed is false"
            : blocked ?? "no route can guard a default route (the uplink's default route always wins)";
        events.Append(new EventDraft(EventSeverity.Warning, EventCategory.Vpn, "vpn.guard.off",
            $"Tunnel {tunnel.Name}: traffic for {what} is not guarded ({why}); while the tunnel is down it leaves through the active uplink unencrypted")
        {
            Subject = tunnel.Name,
            Check = !tunnel.FailClosed ? "Remove \"failClosed\": false from the tunnel (the default, true, refuses that traffic while the tunnel is down)."
                : blocked is not null ? "Guard routes work with the user-space ESP backend only in this build (see the README, ESP data plane)."
                : "Name the hub's subnets instead of 0.0.0.0/0 in remoteSubnets to have them fail closed.",
        });
    }
}
