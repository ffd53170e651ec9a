using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using EdgeMx.Core.Events;
using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Telemetry.Commands;

namespace EdgeMx.Mqtt.Telemetry;

public sealed partial class TelemetryPublisher
{
    public const string PublishStateCommand = "publish-state";
    public const string RunHealthChecksCommand = "run-health-checks";
    private const int MaxCommandPayload = 4096;

    // Commands wait here so the client's receive loop is never held up by a health-check round.
    private readonly Channel<MqttApplicationMessage> _commands =
        Channel.CreateBounded<MqttApplicationMessage>(new BoundedChannelOptions(32) { FullMode = BoundedChannelFullMode.DropWrite });

    private ValueTask OnMessageAsync(MqttApplicationMessage message, CancellationToken ct)
    {
        if (message.Topic == _settings.Topics.HomeAssistantStatus)
        {
            // Home Assistant restarted (its birth message): it needs the discovery documents again.
            if (Encoding.UTF8.GetString(message.Payload.Span) == "online") _discoveryWanted.Writer.TryWrite(true);
        }
        else if (message.Topic.StartsWith(_settings.Topics.CommandPrefix, StringComparison.Ordinal))
        {
            if (message.Retain)
                LogRetainedCommandIgnored(message.Topic); // a command left retained on the broker must not rerun at every connect
            else if (!_commands.Writer.TryWrite(message))
                LogCommandDropped(message.Topic);
        }
        return ValueTask.CompletedTask;
    }

    private async Task ExecuteCommandsAsync(MqttClient client, CancellationToken ct)
    {
        await foreach (var message in _commands.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            var name = message.Topic[_settings.Topics.CommandPrefix.Length..];
            var reply = await ExecuteAsync(client, name, message.Payload, ct).ConfigureAwait(false);
            var topic = message.ResponseTopic ?? _settings.Topics.Reply(name.Length == 0 ? "unknown" : name);
            var result = await client.PublishAsync(new MqttApplicationMessage
            {
                Topic = topic,
                Payload = JsonSerializer.SerializeToUtf8Bytes(reply, TelemetryJsonContext.Default.CommandReply),
                Qos = MqttQos.AtLeastOnce,
                ContentType = "application/json",
                PayloadIsUtf8 = true,
                CorrelationData = message.CorrelationData,
            }, ct).ConfigureAwait(false);
            LogCommand(name, reply.Ok, reply.Error, result.Outcome);
        }
    }

    /// <summary>Runs one command and says how it went. Unknown and malformed commands get an error reply.</summary>
    public async Task<CommandReply> ExecuteAsync(MqttClient client, string name, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        CommandReply Fail(string? requestId, string error) =>
            new() { Command = name, RequestId = requestId, Ok = false, Error = error, Time = _time.GetUtcNow() };
        CommandReply Done(string? requestId, string result) =>
            new() { Command = name, RequestId = requestId, Ok = true, Result = result, Time = _time.GetUtcNow() };

        string? requestId = null;
        if (payload.Length > MaxCommandPayload)
            return Fail(null, $"payload of {payload.Length} bytes; a command takes at most {MaxCommandPayload}");
        if (!payload.IsEmpty)
        {
            try
            {
                var request = JsonSerializer.Deserialize(payload.Span, TelemetryJsonContext.Default.CommandRequest);
                if (request is null) return Fail(null, "payload must be a JSON object such as {\"requestId\":\"42\"} (or empty)");
                requestId = request.RequestId;
                if (requestId is { Length: > 128 }) return Fail(null, "requestId is longer than 128 characters");
            }
            catch (JsonException e)
            {
                return Fail(null, $"payload is not the expected JSON object ({e.Message.Split(" Path:")[0]}); send {{}} or {{\"requestId\":\"...\"}}");
            }
        }

        switch (name)
        {
            case PublishStateCommand:
            {
                var state = _store.Current;
                var published = await PublishStateNowAsync(client, state, ct).ConfigureAwait(false);
                return published.Succeeded
                    ? Done(requestId, $"state revision {state.Revision} published")
                    : Fail(requestId, $"state could not be published: {published.Outcome}");
            }
            case RunHealthChecksCommand:
            {
                if (_healthChecks is null) return Fail(requestId, "this appliance has no health checks to run (no health-check runner registered)");
                Append(new EventDraft(EventSeverity.Info, EventCategory.HealthCheck, "health-check.requested",
                    "Health checks run now at the request of an MQTT command") { Subject = "mqtt" });
                try
                {
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    deadline.CancelAfter(TimeSpan.FromSeconds(60));
                    var summary = await _healthChecks.RunNowAsync(deadline.Token).ConfigureAwait(false);
                    return Done(requestId, summary);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    return Fail(requestId, "the health checks did not finish within 60 s");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return Fail(requestId, $"the health checks failed to run: {e.Message}");
                }
            }
            default:
                return Fail(requestId, $"unknown command '{name}'; known commands: {PublishStateCommand}, {RunHealthChecksCommand}");
        }
    }
}
