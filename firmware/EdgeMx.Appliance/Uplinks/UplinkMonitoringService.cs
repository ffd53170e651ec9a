using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.Uplinks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Uplinks;

/// <summary>
/// Runs each uplink's probes (ICMP/HTTP/DNS, as configured) on its interval, every probe through its own uplink, and
/// hands each round to the controller. One loop per uplink; a round's probes run in parallel, each with its own
/// deadline; the next round is due one interval after the previous one started (timeout &lt; interval, so rounds never
/// overlap), re-armed only after the round finished. A reload restarts the loops with the new settings.
/// </summary>
public sealed partial class UplinkMonitoringService(UplinkController controller, IProbeRunner runner, TimeProvider time, ILogger<UplinkMonitoringService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var current = controller.Configuration;
            using var generationStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var loops = new List<Task>();
            if (current.Config is { } config)
            {
                foreach (var uplink in config.Uplinks)
                {
                    var settings = MonitoringConfig.Resolve(config.Monitoring, uplink.Monitoring);
                    if (settings.Probes.Length == 0) continue; // carrier-only monitoring: nothing to run
                    loops.Add(Task.Run(() => ProbeLoopAsync(uplink.Name, settings, current.Generation, generationStop.Token), CancellationToken.None));
                }
            }
            try
            {
                await current.Replaced.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            await generationStop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
    }

    internal async Task ProbeLoopAsync(string uplink, MonitoringSettings settings, int generation, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            if (controller.BindingFor(uplink) is { } binding)
            {
                var outcomes = await Task.WhenAll(settings.Probes.Select((p, i) => RunOneAsync(p, i, binding, settings.Timeout, cancellationToken))).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested) return;
                controller.OnRound(uplink, generation, outcomes);
            }
            var wait = settings.Interval - time.GetElapsedTime(started);
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<ProbeOutcome> RunOneAsync(ProbeConfig probe, int index, ProbeBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            return await runner.RunAsync(probe, index, binding, timeout, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failed(index, $"timeout ({timeout.TotalMilliseconds:0} ms)");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogProbeCrashed(logger, probe.Describe(), binding.Uplink, e);
            return ProbeOutcome.Failed(index, $"probe error: {e.Message}");
        }
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Error, Message = "probe {Probe} on {Uplink} threw")]
    private static partial void LogProbeCrashed(ILogger logger, string probe, string uplink, Exception error);
}
