using EdgeMx.Core.Events;

namespace EdgeMx.Appliance.Uplinks;

public sealed partial class UplinkController
{
    private RoutingPlan? _lastPlan;
    private bool _routingFailed;
    private string? _lastRoutingError;

    /// <summary>How long the last routing change took (kernel round trips), for the logs and benchmarks.</summary>
    public TimeSpan? LastRoutingDuration { get; private set; }

    private async Task ProgramRoutingAsync(RoutingPlan plan, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            await _router.ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _routingFailed = true;
            _lastPlan = null;
            LogRoutingFailed(_logger, e);
            // One event per distinct problem, not one per retry.
            if (_lastRoutingError != e.Message)
            {
                _lastRoutingError = e.Message;
                _events.Append(new EventDraft(EventSeverity.Error, EventCategory.Uplink, "uplink.route.failed",
                    $"Programming the routes failed (default route via {plan.DefaultVia ?? "none"}): {e.Message}")
                {
                    Check = "Check `ip route show table all proto 77` and `ip rule` for what EdgeMx installed, and `ip route` for a default route another "
                        + $"program (a DHCP client, NetworkManager) installed with the same metric. The appliance retries every {RoutingRetry.TotalSeconds:0} s.",
                    Subject = plan.DefaultVia,
                });
            }
            return;
        }
        LastRoutingDuration = _time.GetElapsedTime(started);
        LogRoutingApplied(_logger, plan.DefaultVia ?? "none", plan.Uplinks.Count, LastRoutingDuration.Value.TotalMilliseconds);
        if (_routingFailed)
        {
            _events.Append(new EventDraft(EventSeverity.Notice, EventCategory.Uplink, "uplink.route.restored",
                $"Routes are programmed again (default route via {plan.DefaultVia ?? "none"}).")
            {
                Subject = plan.DefaultVia,
            });
        }
        _routingFailed = false;
        _lastRoutingError = null;
        _lastPlan = plan;
    }
}
