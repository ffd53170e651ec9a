using EdgeMx.Appliance.Uplinks;
using EdgeMx.Core.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Hosting;

/// <summary>
/// Runs the <see cref="UplinkController"/> and owns the routing lifecycle: at start the controller's first plan
/// reconciles away anything a previous run left; at a clean stop (SIGTERM/SIGINT) every route and rule EdgeMx
/// installed is removed again, and only those.
/// </summary>
public sealed partial class UplinkControllerService(UplinkController controller, ConfigService config, IEventLog events, ILogger<UplinkControllerService> logger)
    : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        controller.Configure(config.Config);
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => controller.RunAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var removed = await controller.ShutdownAsync(cancellationToken).ConfigureAwait(false);
            LogCleanedUp(logger, removed);
            events.Append(new EventDraft(EventSeverity.Info, EventCategory.Uplink, "uplink.routes.removed",
                $"Removed the {removed} route(s), rule(s) and address(es) EdgeMx had installed; nothing else was touched.")
            {
                Subject = "routing",
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCleanupFailed(logger, e);
            events.Append(new EventDraft(EventSeverity.Error, EventCategory.Uplink, "uplink.routes.cleanup-failed",
                $"Removing EdgeMx's routes and rules at shutdown failed: {e.Message}")
            {
                Check = "Remove them by hand: `ip route flush table all proto 77` and `ip rule` (delete the rules with proto 77), or start the appliance again: it reconciles at start.",
                Subject = "routing",
            });
        }
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "shutdown: removed {Count} route(s)/rule(s)/address(es) EdgeMx installed")]
    private static partial void LogCleanedUp(ILogger logger, int count);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "shutdown: removing EdgeMx's routes failed")]
    private static partial void LogCleanupFailed(ILogger logger, Exception error);
}
