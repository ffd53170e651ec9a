using System.Text.Json;
using EdgeMx.Core.Leds;
using EdgeMx.Core.Serialization;
using EdgeMx.Core.State;
using EdgeMx.Hal.Leds;
using EdgeMx.Hal.Simulated.Leds;
using EdgeMx.Testing;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Hal.Tests.Core;

public class LedServiceTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly ApplianceStateStore _store;

    public LedServiceTests()
    {
        _store = new ApplianceStateStore(new ApplianceState { DeviceId = "t", FirmwareVersion = "0" }, _time);
    }

    [Fact]
    public async Task The_panel_and_the_snapshot_follow_state_changes()
    {
        using var panel = new SimulatedLedPanel();
        var service = new LedService(_store, panel, LedStateMapper.Default, new ListLogger<LedService>());
        await service.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => panel[LedIndicators.System] == LedState.Solid(LedColour.Green));
            _store.Update(s => s with
            {
                Ready = true,
                Uplinks = [new UplinkState { Name = "wan1", Interface = "wan1", Link = LinkStatus.Up, Role = UplinkRole.Active, Monitor = MonitorStatus.Up }],
                Tunnels = [new TunnelState { Name = "hub1", Phase1Up = true }],
            });
            await Eventually(() => panel[LedIndicators.Vpn] == LedState.Solid(LedColour.Amber));
            Assert.Equal(LedState.Solid(LedColour.Green), panel[LedIndicators.Wan1]);
            Assert.Equal(new LedState(LedColour.Green, LedPattern.Heartbeat), panel[LedIndicators.System]);

            // The snapshot carries the same LEDs (status --json, MQTT), and publishing them did not loop.
            await Eventually(() => _store.Current.Leds.Any(l => l.Name == "vpn" && l.Colour == LedColour.Amber));
            var revision = _store.Current.Revision;
            await Task.Delay(100);
            Assert.Equal(revision, _store.Current.Revision);
            var json = JsonSerializer.Serialize(_store.Current, CoreJsonContext.Default.ApplianceState);
            Assert.Contains("\"leds\":[{\"name\":\"wan1\",\"colour\":\"green\",\"pattern\":\"solid\",\"reason\":\"active uplink\"", json);
            Assert.Contains("\"pattern\":\"heartbeat\"", json);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void A_failing_led_is_logged_once_retried_and_never_stops_the_others()
    {
        var panel = new FlakyPanel();
        var log = new ListLogger<LedService>();
        var service = new LedService(_store, panel, LedStateMapper.Default, log);
        panel.Broken = "vpn";
        _store.Update(s => s with { Tunnels = [new TunnelState { Name = "hub1" }] });
        service.Apply(_store.Current);
        _store.Update(s => s with { Tunnels = [new TunnelState { Name = "hub1", Phase1Up = true }] });
        service.Apply(_store.Current);
        Assert.Single(log.Entries, e => e.Contains("LED vpn could not be set"));
        Assert.Equal(LedState.Solid(LedColour.Green), panel.Shown["system"]); // others still written

        panel.Broken = null;
        service.Apply(_store.Current);
        Assert.Equal(LedState.Solid(LedColour.Amber), panel.Shown["vpn"]);
        Assert.Single(log.Entries, e => e.Contains("LED vpn works again"));
    }

    private sealed class FlakyPanel : ILedPanel
    {
        public string? Broken { get; set; }
        public Dictionary<string, LedState> Shown { get; } = [];
        public string Kind => "flaky";
        public IReadOnlyCollection<string> Indicators => LedIndicators.All.ToArray();
        public void Show(string indicator, LedState state)
        {
            if (indicator == Broken) throw new LedWriteException(indicator, "EIO");
            Shown[indicator] = state;
        }
        public void Dispose() { }
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within 5 s");
            await Task.Delay(10);
        }
    }
}

internal sealed class ListLogger<T> : ILogger<T>
{
    public List<string> Entries { get; } = [];
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries) Entries.Add($"{logLevel}: {formatter(state, exception)}");
    }
}
