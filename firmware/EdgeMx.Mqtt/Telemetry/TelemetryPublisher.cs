using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using EdgeMx.Core.Events;
using EdgeMx.Core.Health;
using EdgeMx.Core.Serialization;
using EdgeMx.Core.State;
using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Queue;
using EdgeMx.Mqtt.Telemetry.HomeAssistant;
using EdgeMx.Mqtt.Telemetry.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Mqtt.Telemetry;

/// <summary>
/// The appliance's MQTT telemetry, as a hosted service subscribed to the event log and the state store:
/// availability (Will + "online"), the retained state snapshot (rate-limited), every event in order through the
/// persistent offline queue (resuming after the last event it queued, across restarts), periodic metrics, Home
/// Assistant discovery, and commands with replies. Connection trouble becomes telemetry events saying what to check.
/// <para>Partials: State (snapshot, discovery, metrics), Commands, Log.</para>
/// </summary>
public sealed partial class TelemetryPublisher : BackgroundService
{
    private readonly TelemetrySettings _settings;
    private readonly IEventLog _events;
    private readonly IApplianceStateStore _store;
    private readonly IHealthCheckRunner? _healthChecks;
    private readonly TimeProvider _time;
    private readonly ILogger<TelemetryPublisher> _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Channel<bool> _connected = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<bool> _stateWake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<bool> _discoveryWanted = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly object _gate = new();
    private TelemetryIncidents _incidents;
    private MqttOfflineQueue? _queue;
    private MqttClient? _client;

    public TelemetryPublisher(TelemetrySettings settings, IEventLog events, IApplianceStateStore store, TimeProvider time,
        ILoggerFactory loggerFactory, IHealthCheckRunner? healthChecks = null)
    {
        _settings = settings;
        _events = events;
        _store = store;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<TelemetryPublisher>();
        _healthChecks = healthChecks;
        _incidents = new TelemetryIncidents(Broker);
        _stateThrottle = new StatePublishThrottle(settings.StateMinInterval, time);
        _discovery = new HomeAssistantDiscovery(settings.Topics, settings.MetricsInterval);
        _sampler = new SystemMetricsSampler(settings.ProcRoot, settings.SysRoot);
    }

    private string Broker => $"{_settings.Client.Host}:{_settings.Client.Port}";

    /// <summary>The running client (null before start): status, tests.</summary>
    public MqttClient? Client => _client;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Telemetry is never worth the appliance: log, record, and let everything else run.
            LogFailed(e);
            Append(new EventDraft(EventSeverity.Error, EventCategory.Telemetry, "telemetry.failed",
                $"Telemetry stopped after an internal error: {e.GetType().Name}: {e.Message}")
            { Check = "report this with the appliance log; restart the appliance to restart telemetry", Subject = Broker });
        }
        finally
        {
            await ShutdownAsync().ConfigureAwait(false);
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var options = _settings.Client;
        if (_settings.PasswordFile is { } passwordFile)
        {
            if (ReadPassword(passwordFile) is not { } password) return;
            options = options with { Password = Utf8(password) };
        }

        _queue = MqttOfflineQueue.Open(_settings.Queue, _time);
        if (_queue.PersistenceError is { } why)
        {
            Append(new EventDraft(EventSeverity.Warning, EventCategory.Telemetry, "telemetry.queue-not-persistent",
                $"The telemetry offline queue cannot be kept on disk ({why}); queued events will not survive a restart")
            { Check = "check that telemetry.offlineQueue.path is on a writable file system with free space", Subject = Broker });
        }
        if (_queue.DiscardedOnLoad > 0)
        {
            Append(new EventDraft(EventSeverity.Warning, EventCategory.Telemetry, "telemetry.queue-damaged",
                "The telemetry offline queue file was damaged (a write cut short, by a power loss for example); what followed the damage was discarded")
            { Check = "nothing to do if the appliance lost power; otherwise check the storage", Subject = Broker });
        }

        var client = new MqttClient(options, _queue, _time, _loggerFactory.CreateLogger<MqttClient>());
        client.Connected += OnConnected;
        client.ConnectionProblem += OnProblem;
        client.QueueOverflow += OnOverflow;
        client.MessageReceived = OnMessageAsync;
        _client = client;
        List<MqttSubscription> subscriptions = [new() { TopicFilter = _settings.Topics.CommandFilter, MaximumQos = MqttQos.AtLeastOnce }];
        if (_settings.HomeAssistant)
            subscriptions.Add(new MqttSubscription { TopicFilter = _settings.Topics.HomeAssistantStatus, MaximumQos = MqttQos.AtLeastOnce });
        await client.SubscribeAsync(subscriptions, ct).ConfigureAwait(false); // not connected yet: kept and sent on connect
        client.Start();
        PublishTelemetryState(client.Status);

        await Task.WhenAll(
            FollowEventsAsync(client, _queue, ct),
            WatchStateAsync(ct),
            PublishStateAsync(client, ct),
            PublishMetricsAsync(client, ct),
            OnConnectedAsync(client, ct),
            PublishDiscoveryAsync(client, ct),
            ExecuteCommandsAsync(client, ct)).ConfigureAwait(false);
    }

    /// <summary>
    /// Every event-log entry, in order, into the durable queue tagged with its sequence. After a restart it resumes
    /// after the highest sequence the queue ever took, so nothing is lost and nothing queued twice.
    /// </summary>
    private async Task FollowEventsAsync(MqttClient client, MqttOfflineQueue queue, CancellationToken ct)
    {
        var after = queue.HighestTag;
        if (after > _events.LastSequence)
        {
            // The event log was reset (its journal deleted) while our queue remembers later sequences: start over.
            LogEventLogReset(after, _events.LastSequence);
            after = 0;
        }
        await foreach (var e in _events.Follow(after, ct).ConfigureAwait(false))
        {
            client.Enqueue(new MqttApplicationMessage
            {
                Topic = _settings.Topics.Events,
                Payload = JsonSerializer.SerializeToUtf8Bytes(e, CoreJsonContext.Default.ApplianceEvent),
                Qos = MqttQos.AtLeastOnce,
                ContentType = "application/json",
                PayloadIsUtf8 = true,
                MessageExpiryInterval = _settings.EventExpirySeconds,
            }, tag: e.Sequence);
        }
    }

    private void OnConnected(MqttConnectedInfo info)
    {
        var draft = _incidents.OnConnected(info.ProtocolVersion == MqttProtocolVersion.V500 ? "5.0" : "3.1.1", _queue?.DroppedTotal ?? 0);
        if (draft is not null) Append(draft);
        _connected.Writer.TryWrite(true);
    }

    private void OnProblem(MqttConnectionProblem problem)
    {
        EventDraft? draft;
        lock (_gate) draft = _incidents.OnProblem(problem);
        if (draft is not null) Append(draft);
        if (_client is { } client && problem.Kind != MqttConnectionProblemKind.Refused) PublishTelemetryState(client.Status);
    }

    private void OnOverflow(MqttQueueOverflow overflow)
    {
        EventDraft? draft;
        lock (_gate) draft = _incidents.OnOverflow(overflow, _settings.Queue.MaxMessages, _settings.Queue.MaxBytes);
        if (draft is not null) Append(draft);
    }

    /// <summary>On every (re)connection: "online", the state at once, discovery.</summary>
    private async Task OnConnectedAsync(MqttClient client, CancellationToken ct)
    {
        while (await _connected.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            _connected.Reader.TryRead(out _);
            var online = await client.PublishAsync(new MqttApplicationMessage
            {
                Topic = _settings.Topics.Availability, Payload = "online"u8.ToArray(), Qos = MqttQos.AtLeastOnce, Retain = true,
            }, ct).ConfigureAwait(false);
            if (!online.Succeeded) continue; // the connection went again; the next one retries
            PublishTelemetryState(client.Status);
            lock (_gate) _stateThrottle.PublishNow();
            _stateWake.Writer.TryWrite(true);
            _discoveryWanted.Writer.TryWrite(true);
        }
    }

    private string? ReadPassword(string file)
    {
        try
        {
            // Bounded and regular files only: the file may have been replaced since the configuration was checked.
            var text = EdgeMx.Core.IO.BoundedFile.ReadAllText(file, EdgeMx.Core.Configuration.ConfigCheckContext.MaxSecretFileBytes);
            var line = text.Split('\n')[0].TrimEnd('\r');
            return line;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Append(new EventDraft(EventSeverity.Error, EventCategory.Telemetry, "telemetry.config-error",
                $"Telemetry cannot read its password file {file}: {e.Message}; not connecting")
            { Check = "check telemetry.passwordFile: it must exist and be readable by root (mode 0600)", Subject = Broker });
            return null;
        }
    }

    private void Append(EventDraft draft)
    {
        try
        {
            _events.Append(draft);
        }
        catch (ObjectDisposedException)
        {
            // Shutting down: the event log went first.
        }
    }

    private async Task ShutdownAsync()
    {
        if (_client is { } client)
        {
            // Leaving on purpose: say "offline" now rather than leaving it to the broker's keep-alive timeout.
            await client.StopAsync(publishWill: true).ConfigureAwait(false);
            PublishTelemetryState(client.Status);
        }
        _queue?.Dispose();
    }

    private void PublishTelemetryState(MqttClientStatus status)
    {
        var slice = new TelemetryState
        {
            Broker = status.Broker,
            Connection = status.State switch
            {
                MqttClientState.Connected => "connected",
                MqttClientState.Connecting => "connecting",
                MqttClientState.WaitingToReconnect => "waiting-to-reconnect",
                _ => "stopped",
            },
            ConnectedSince = status.ConnectedSince,
            LastProblem = status.State == MqttClientState.Connected ? null : status.LastProblem?.Message,
            LastProblemAt = status.State == MqttClientState.Connected ? null : status.LastProblemAt,
            DroppedMessages = status.DroppedMessages,
        };
        _store.Update(s => s.Telemetry == slice ? s : s with { Telemetry = slice });
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
