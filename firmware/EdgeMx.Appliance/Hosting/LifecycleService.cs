using System.Runtime.InteropServices;
using EdgeMx.Core.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Hosting;

/// <summary>
/// Start-up and shutdown events, and SIGHUP as "reload the configuration" (registered first, so it is the first to
/// start and the last to stop: its stop event closes the log of a run).
/// </summary>
public sealed partial class LifecycleService(ConfigService config, IEventLog events, ControlSocketPath socket, ILogger<LifecycleService> logger)
    : IHostedService, IDisposable
{
    private PosixSignalRegistration? _hangup;
    private CancellationTokenSource? _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        var c = config.Config;
        config.PublishInitial();
        events.Append(new EventDraft(EventSeverity.Notice, EventCategory.System, "system.start",
            $"EdgeMx {ApplianceInfo.Version} started as \"{c.Device.Id}\" with {config.Path} (uplinks: {string.Join(", ", c.Uplinks.Select(u => $"{u.Name} on {u.Interface}"))}; control socket {socket.Value}).")
        {
            Subject = "appliance",
            Details = new Dictionary<string, string>
            {
                ["version"] = ApplianceInfo.Version,
                ["config"] = config.Path,
                ["sha256"] = config.Current.Sha256 ?? "",
                ["pid"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        if (!OperatingSystem.IsWindows())
        {
            var token = _stopping.Token;
            _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true; // SIGHUP means reload, not terminate
                LogHangup(logger);
                _ = Task.Run(() => ReloadAsync(token), token);
            });
        }
        return Task.CompletedTask;
    }

    // A reload runs off the signal thread; whatever goes wrong in it is an event and a log line, never an unobserved
    // exception or a dead appliance. Cancellation (the appliance stopping) ends it quietly.
    private async Task ReloadAsync(CancellationToken token)
    {
        try
        {
            await config.ReloadAsync("SIGHUP", token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogReloadFailed(logger, e);
            events.Append(new EventDraft(EventSeverity.Error, EventCategory.System, "system.internal-error",
                $"Reload (SIGHUP) failed unexpectedly ({e.GetType().Name}: {e.Message}); the previous configuration keeps running.")
            {
                Check = "Run `edgemx config validate` on the file and report this with the appliance log; the appliance itself carries on.",
                Subject = "config",
            });
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _hangup?.Dispose();
        _hangup = null;
        _stopping?.Cancel();
        events.Append(new EventDraft(EventSeverity.Notice, EventCategory.System, "system.stop",
            "EdgeMx stopped cleanly (SIGTERM/SIGINT): services stopped, its routes and rules removed.")
        {
            Subject = "appliance",
        });
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _hangup?.Dispose();
        _stopping?.Dispose();
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "SIGHUP: reloading the configuration")]
    private static partial void LogHangup(ILogger logger);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Error, Message = "SIGHUP: the reload failed unexpectedly")]
    private static partial void LogReloadFailed(ILogger logger, Exception error);
}

/// <summary>The control socket path the appliance listens on (from the configuration at start).</summary>
public sealed record ControlSocketPath(string Value);
