using EdgeMx.Core.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Uplinks;

/// <summary>
/// Feeds the kernel's link notifications (carrier, operstate, addresses) to the controller as they happen. If the
/// notification stream breaks it is reopened (its first observations are a full snapshot, so nothing stays stale).
/// </summary>
public sealed partial class LinkStateService(ILinkStateSource source, UplinkController controller, IEventLog events, TimeProvider time,
    ILogger<LinkStateService> logger) : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reported = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var observation in source.WatchAsync(stoppingToken).ConfigureAwait(false))
                {
                    controller.OnLink(observation);
                    reported = false;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogWatchFailed(logger, e);
                if (!reported)
                {
                    reported = true;
                    events.Append(new EventDraft(EventSeverity.Error, EventCategory.System, "system.link-state.failed",
                        $"Watching the kernel's link state failed: {e.Message}. Carrier changes are not seen until it works again.")
                    {
                        Check = "The appliance needs CAP_NET_ADMIN and rtnetlink (run it as root). It retries every second.",
                        Subject = "link-state",
                    });
                }
            }
            try
            {
                await Task.Delay(Retry, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2200, Level = LogLevel.Error, Message = "link state: the rtnetlink watch failed; retrying")]
    private static partial void LogWatchFailed(ILogger logger, Exception error);
}
