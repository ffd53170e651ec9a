using System.Text.Json;
using EdgeMx.Core.Serialization;
using EdgeMx.Core.State;
using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Telemetry.HomeAssistant;
using EdgeMx.Mqtt.Telemetry.Metrics;

namespace EdgeMx.Mqtt.Telemetry;

public sealed partial class TelemetryPublisher
{
    private readonly StatePublishThrottle _stateThrottle;
    private readonly HomeAssistantDiscovery _discovery;
    private readonly SystemMetricsSampler _sampler;
    private ApplianceState? _latest;
    private HashSet<string> _discoveryTopics = [];

    private async Task WatchStateAsync(CancellationToken ct)
    {
        await foreach (var state in _store.Watch(ct).ConfigureAwait(false))
        {
            string? signature;
            lock (_gate)
            {
                signature = _latest is null ? null : DiscoverySignature(_latest);
                _latest = state;
                _stateThrottle.OnChange();
            }
            _stateWake.Writer.TryWrite(true);
            // Uplinks or tunnels added or removed (a config reload): the discovery documents must follow.
            if (signature is not null && signature != DiscoverySignature(state)) _discoveryWanted.Writer.TryWrite(true);
        }
    }

    /// <summary>The retained snapshot on every change, no more often than the configured interval.</summary>
    private async Task PublishStateAsync(MqttClient client, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan due;
            ApplianceState? state;
            lock (_gate)
            {
                due = _stateThrottle.Due();
                state = _latest;
            }
            if (due == TimeSpan.Zero && state is not null)
            {
                lock (_gate) _stateThrottle.OnPublished();
                await PublishStateNowAsync(client, state, ct).ConfigureAwait(false);
                continue;
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var delay = due == Timeout.InfiniteTimeSpan || state is null ? Task.Delay(Timeout.Infinite, wait.Token) : Task.Delay(due, _time, wait.Token);
            await Task.WhenAny(delay, _stateWake.Reader.WaitToReadAsync(ct).AsTask()).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            wait.Cancel();
            _stateWake.Reader.TryRead(out _);
        }
    }

    private async Task<MqttPublishResult> PublishStateNowAsync(MqttClient client, ApplianceState state, CancellationToken ct) =>
        await client.PublishAsync(new MqttApplicationMessage
        {
            Topic = _settings.Topics.State,
            Payload = JsonSerializer.SerializeToUtf8Bytes(state, CoreJsonContext.Default.ApplianceState),
            Qos = MqttQos.AtLeastOnce,
            Retain = true,
            ContentType = "application/json",
            PayloadIsUtf8 = true,
        }, ct).ConfigureAwait(false);

    private async Task PublishMetricsAsync(MqttClient client, CancellationToken ct)
    {
        _sampler.Sample(); // the CPU baseline, so the first published figure covers a real interval
        using var timer = new PeriodicTimer(_settings.MetricsInterval, _time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            if (client.State != MqttClientState.Connected)
            {
                _sampler.Sample(); // keep the CPU window to one interval
                continue;
            }
            await client.PublishAsync(new MqttApplicationMessage
            {
                Topic = _settings.Topics.Metrics,
                Payload = JsonSerializer.SerializeToUtf8Bytes(BuildMetrics(client.Status), TelemetryJsonContext.Default.MetricsDocument),
                Qos = MqttQos.AtMostOnce,
                Retain = true,
                ContentType = "application/json",
                PayloadIsUtf8 = true,
                // A reading three intervals old is no longer a reading.
                MessageExpiryInterval = (uint)Math.Ceiling(_settings.MetricsInterval.TotalSeconds * 3),
            }, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Metrics from the snapshot (uplinks, tunnels) plus the system's own readings.</summary>
    public MetricsDocument BuildMetrics(MqttClientStatus status)
    {
        var state = _store.Current;
        var now = _time.GetUtcNow();
        return new MetricsDocument
        {
            DeviceId = _settings.DeviceId,
            Time = now,
            UptimeSeconds = Math.Round((now - state.StartedAt).TotalSeconds, 1),
            System = _sampler.Sample(),
            Uplinks = state.Uplinks.ToDictionary(u => u.Name, u => new UplinkMetrics
            {
                Link = Json(u.Link), Monitor = Json(u.Monitor), Role = Json(u.Role),
                LatencyMs = u.LatencyMs, LossPercent = u.LossPercent,
                ProbesSent = u.Counters.ProbesSent, ProbesFailed = u.Counters.ProbesFailed, LinkDowns = u.Counters.LinkDowns,
            }),
            Tunnels = state.Tunnels.ToDictionary(t => t.Name, t => new TunnelMetrics
            {
                Phase1Up = t.Phase1Up, Phase2Up = t.Phase2Up,
                BytesIn = t.Counters?.BytesIn, BytesOut = t.Counters?.BytesOut,
                PacketsIn = t.Counters?.PacketsIn, PacketsOut = t.Counters?.PacketsOut,
                IkeRekeys = t.Counters?.IkeRekeys, ChildRekeys = t.Counters?.ChildRekeys,
            }),
            Telemetry = new TelemetryMetrics
            {
                QueuedMessages = status.QueuedMessages, QueuedBytes = status.QueuedBytes, DroppedMessages = status.DroppedMessages,
                DeliveredMessages = status.DeliveredMessages, Connections = status.Connections,
            },
        };
    }

    /// <summary>Discovery on connect, when Home Assistant says it is back, and when uplinks/tunnels change.</summary>
    private async Task PublishDiscoveryAsync(MqttClient client, CancellationToken ct)
    {
        if (!_settings.HomeAssistant) return;
        while (await _discoveryWanted.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            _discoveryWanted.Reader.TryRead(out _);
            if (client.State != MqttClientState.Connected) continue;
            var documents = _discovery.Build(_store.Current);
            var topics = documents.Select(d => d.Topic).ToHashSet();
            var ok = true;
            foreach (var d in documents)
            {
                var r = await client.PublishAsync(new MqttApplicationMessage { Topic = d.Topic, Payload = d.Payload, Qos = MqttQos.AtLeastOnce, Retain = true }, ct)
                    .ConfigureAwait(false);
                ok &= r.Succeeded;
            }
            // Entities that no longer exist (an uplink or tunnel removed): an empty retained config deletes them.
            foreach (var gone in _discoveryTopics.Except(topics))
            {
                await client.PublishAsync(new MqttApplicationMessage { Topic = gone, Payload = ReadOnlyMemory<byte>.Empty, Qos = MqttQos.AtLeastOnce, Retain = true }, ct)
                    .ConfigureAwait(false);
            }
            if (ok) _discoveryTopics = topics;
            LogDiscovery(documents.Count, ok);
        }
    }

    private static string DiscoverySignature(ApplianceState s) =>
        string.Join(',', s.Uplinks.Select(u => "u:" + u.Name).Concat(s.Tunnels.Select(t => "t:" + t.Name))) + "|" + s.FirmwareVersion;

    // The enums' documented JSON names ("up", "degraded", "active").
    private static string Json(LinkStatus v) => JsonSerializer.Serialize(v, CoreJsonContext.Default.LinkStatus).Trim('"');
    private static string Json(MonitorStatus v) => JsonSerializer.Serialize(v, CoreJsonContext.Default.MonitorStatus).Trim('"');
    private static string Json(UplinkRole v) => JsonSerializer.Serialize(v, CoreJsonContext.Default.UplinkRole).Trim('"');
}
