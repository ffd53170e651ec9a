using EdgeMx.Core.State;
using EdgeMx.Hal.Leds;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Core.Leds;

/// <summary>
/// Drives the LED panel from the appliance snapshot: on every new snapshot it maps the state to LEDs
/// (<see cref="LedStateMapper"/>), writes what changed to the panel, and puts the result into the snapshot's
/// <see cref="ApplianceState.Leds"/> so `status --json`, MQTT and the LEDs agree. A write failure is logged once per
/// LED (and its recovery once); nothing here can stop the appliance.
/// </summary>
public sealed partial class LedService(IApplianceStateStore store, ILedPanel panel, LedStateMapper mapper, ILogger<LedService> logger)
    : BackgroundService
{
    private readonly Dictionary<string, LedState> _shown = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogPanel(panel.Kind, string.Join(", ", panel.Indicators));
        try
        {
            await foreach (var state in store.Watch(stoppingToken).ConfigureAwait(false))
                Apply(state);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One step: map, write changes, publish. Public for tests and for a synchronous first paint.</summary>
    public void Apply(ApplianceState state)
    {
        try
        {
            var leds = mapper.Map(state);
            foreach (var led in leds)
                Show(led);
            store.Update(current =>
            {
                var now = mapper.Map(current);
                return current.Leds.SequenceEqual(now) ? current : current with { Leds = now };
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug in mapping must not take the appliance down with it; the next snapshot tries again.
            LogUnexpected(e);
        }
    }

    private void Show(LedIndicatorState led)
    {
        if (_shown.TryGetValue(led.Name, out var current) && current == led.State && !_failing.Contains(led.Name)) return;
        try
        {
            panel.Show(led.Name, led.State);
            _shown[led.Name] = led.State;
            if (_failing.Remove(led.Name)) LogRecovered(led.Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            if (_failing.Add(led.Name)) LogWriteFailed(led.Name, led.State.ToString(), e.Message);
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "LED panel: {Kind} ({Indicators})")]
    private partial void LogPanel(string kind, string indicators);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning,
        Message = "LED {Indicator} could not be set to {State}: {Reason} (further failures of this LED are not logged until it works again)")]
    private partial void LogWriteFailed(string indicator, string state, string reason);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "LED {Indicator} works again")]
    private partial void LogRecovered(string indicator);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Error, Message = "LED update failed; the LEDs keep their last state")]
    private partial void LogUnexpected(Exception exception);
}
