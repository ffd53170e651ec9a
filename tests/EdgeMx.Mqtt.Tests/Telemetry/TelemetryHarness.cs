using EdgeMx.Core.Events;
using EdgeMx.Core.Health;
using EdgeMx.Core.State;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Queue;
using EdgeMx.Mqtt.Telemetry;
using EdgeMx.Mqtt.Tests.Broker;
using EdgeMx.Mqtt.Transport;

namespace EdgeMx.Mqtt.Tests.Telemetry;

/// <summary>
/// The telemetry publisher wired to EdgeMx.Core's real event log and state store, publishing to a test broker.
/// The event journal and the offline queue live in a directory that survives a "restart" (a new harness on it).
/// </summary>
public sealed class TelemetryHarness : IAsyncDisposable
{
    public required EventLog Events { get; init; }
    public required ApplianceStateStore Store { get; init; }
    public required TelemetryPublisher Publisher { get; init; }
    public required TelemetrySettings Settings { get; init; }

    public static ApplianceState InitialState(string deviceId) => new()
    {
        DeviceId = deviceId,
        FirmwareVersion = "0.1.0-test",
        StartedAt = DateTimeOffset.UtcNow,
        Uplinks =
        [
            new UplinkState { Name = "wan1", Interface = "wan1", Primary = true, Link = LinkStatus.Up, Monitor = MonitorStatus.Up, Role = UplinkRole.Active, LatencyMs = 12.5, LossPercent = 0 },
            new UplinkState { Name = "wan2", Interface = "wan2", Link = LinkStatus.Up, Monitor = MonitorStatus.Degraded, LatencyMs = 250, LossPercent = 20 },
        ],
        ActiveUplink = "wan1",
        Tunnels = [new TunnelState { Name = "hub1", Phase1Up = true, Phase2Up = true, Counters = new TunnelCounters { BytesIn = 1000, PacketsIn = 10, ChildRekeys = 2 } }],
    };

    public static TelemetryHarness Create(MosquittoBroker broker, string deviceId, string stateDir, ITestOutputHelper output,
        Func<TelemetrySettings, TelemetrySettings>? configure = null, IHealthCheckRunner? healthChecks = null,
        MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var topics = new TelemetryTopics("edgemx", deviceId, "homeassistant");
        var settings = new TelemetrySettings
        {
            DeviceId = deviceId,
            Topics = topics,
            StateMinInterval = TimeSpan.FromMilliseconds(500),
            MetricsInterval = TimeSpan.FromSeconds(1),
            Queue = new MqttOfflineQueueOptions { Directory = Path.Combine(stateDir, "mqtt"), SyncWrites = false },
            Client = new EdgeMx.Mqtt.Client.MqttClientOptions
            {
                Host = "127.0.0.1",
                Port = broker.Port,
                Security = broker.Options.Tls ? MqttTransportSecurity.Tls : MqttTransportSecurity.None,
                CaFile = broker.Certificates?.CaFile,
                ClientId = $"edgemx-{deviceId}",
                ProtocolVersion = version,
                ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
                ReconnectMaximumDelay = TimeSpan.FromSeconds(1),
                Will = new MqttWill { Topic = topics.Availability, Payload = "offline"u8.ToArray(), Qos = MqttQos.AtLeastOnce, Retain = true },
            },
        };
        settings = configure?.Invoke(settings) ?? settings;
        var events = new EventLog(new EventLogOptions { Path = Path.Combine(stateDir, "events.jsonl"), Capacity = 1000 }, TimeProvider.System);
        var store = new ApplianceStateStore(InitialState(deviceId), TimeProvider.System);
        var publisher = new TelemetryPublisher(settings, events, store, TimeProvider.System, new TestLoggerFactory(output), healthChecks);
        return new TelemetryHarness { Events = events, Store = store, Publisher = publisher, Settings = settings };
    }

    public Task StartAsync() => Publisher.StartAsync(CancellationToken.None);

    public async Task StopAsync() => await Publisher.StopAsync(CancellationToken.None);

    public IReadOnlyList<ApplianceEvent> TelemetryEvents() => Events.Read().Where(e => e.Category == EventCategory.Telemetry).ToList();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Publisher.Dispose();
        Events.Dispose();
    }
}
