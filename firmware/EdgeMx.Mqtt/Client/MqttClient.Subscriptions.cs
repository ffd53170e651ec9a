using System.Collections.Immutable;
using EdgeMx.Mqtt.Formatting;
using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Client;

public sealed partial class MqttClient
{
    private readonly Dictionary<string, MqttSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<ushort, TaskCompletionSource<MqttPacket?>> _pendingAcks = [];

    /// <summary>
    /// Adds subscriptions. They are kept and sent again whenever the broker lost the session. Returns the broker's
    /// reason codes when connected now, or null when they will be sent on the next connection.
    /// </summary>
    public async ValueTask<IReadOnlyList<MqttReasonCode>?> SubscribeAsync(IReadOnlyList<MqttSubscription> subscriptions,
        CancellationToken cancellationToken = default)
    {
        if (subscriptions.Count == 0 || subscriptions.Any(s => !MqttTopic.IsValidFilter(s.TopicFilter) || s.MaximumQos > MqttQos.AtLeastOnce))
            throw new ArgumentException("topic filters must be valid and QoS at most 1", nameof(subscriptions));
        Session? session;
        lock (_gate)
        {
            foreach (var s in subscriptions) _subscriptions[s.TopicFilter] = s;
            session = _session;
        }
        if (session is null) return null;
        var ack = await ExchangeAsync(session, id => new SubscribePacket { PacketId = id, Subscriptions = [.. subscriptions] }, cancellationToken)
            .ConfigureAwait(false);
        return ack is SubAckPacket subAck ? CheckSubAck(subscriptions, subAck) : null;
    }

    public async ValueTask<IReadOnlyList<MqttReasonCode>?> UnsubscribeAsync(IReadOnlyList<string> topicFilters,
        CancellationToken cancellationToken = default)
    {
        Session? session;
        lock (_gate)
        {
            foreach (var f in topicFilters) _subscriptions.Remove(f);
            session = _session;
        }
        if (session is null || topicFilters.Count == 0) return null;
        var ack = await ExchangeAsync(session, id => new UnsubscribePacket { PacketId = id, TopicFilters = [.. topicFilters] }, cancellationToken)
            .ConfigureAwait(false);
        return ack is UnsubAckPacket unsubAck ? unsubAck.ReasonCodes : null;
    }

    private async Task ResubscribeAsync(Session session, CancellationToken ct)
    {
        MqttSubscription[] all;
        lock (_gate) all = [.. _subscriptions.Values];
        if (all.Length == 0) return;
        try
        {
            var ack = await ExchangeAsync(session, id => new SubscribePacket { PacketId = id, Subscriptions = [.. all] }, ct).ConfigureAwait(false);
            if (ack is SubAckPacket subAck) CheckSubAck(all, subAck);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection ended meanwhile; the next one resubscribes.
        }
    }

    private IReadOnlyList<MqttReasonCode> CheckSubAck(IReadOnlyList<MqttSubscription> requested, SubAckPacket ack)
    {
        for (var i = 0; i < requested.Count && i < ack.ReasonCodes.Length; i++)
        {
            if (ack.ReasonCodes[i] < MqttReasonCode.UnspecifiedError) continue;
            ReportProblem(new MqttConnectionProblem(MqttConnectionProblemKind.Refused,
                $"the broker refused the subscription to '{requested[i].TopicFilter}': {ack.ReasonCodes[i]}",
                "check that the broker's ACL lets this user subscribe to the command and Home Assistant status topics")
            { ReasonCode = ack.ReasonCodes[i] });
        }
        return ack.ReasonCodes;
    }

    /// <summary>Sends a SUBSCRIBE/UNSUBSCRIBE and waits for its acknowledgement; null when none came in time.</summary>
    private async Task<MqttPacket?> ExchangeAsync(Session session, Func<ushort, MqttPacket> build, CancellationToken ct)
    {
        var completion = new TaskCompletionSource<MqttPacket?>(TaskCreationOptions.RunContinuationsAsynchronously);
        ushort id;
        lock (_gate)
        {
            if (_session != session) return null;
            id = _ids.Allocate();
            _pendingAcks[id] = completion;
        }
        try
        {
            await session.Connection.SendAsync(build(id), ct).ConfigureAwait(false);
            return await completion.Task.WaitAsync(_options.AcknowledgementTimeout, _time, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            ReportProblem(new MqttConnectionProblem(MqttConnectionProblemKind.Refused,
                $"the broker did not acknowledge a subscription change within {_options.AcknowledgementTimeout.TotalSeconds:0.#} s",
                "check the broker's load and log"));
            return null;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return null;
        }
        finally
        {
            lock (_gate)
            {
                if (_pendingAcks.Remove(id)) _ids.Release(id);
            }
        }
    }

    private void OnSubscriptionAck(MqttPacket ack)
    {
        var id = ack switch { SubAckPacket s => s.PacketId, UnsubAckPacket u => u.PacketId, _ => (ushort)0 };
        TaskCompletionSource<MqttPacket?>? completion;
        lock (_gate) _pendingAcks.TryGetValue(id, out completion);
        completion?.TrySetResult(ack);
    }

    /// <summary>Called under the gate when a session ends.</summary>
    private void FailPendingAcknowledgements()
    {
        foreach (var completion in _pendingAcks.Values) completion.TrySetResult(null);
        _pendingAcks.Clear();
    }

    private async Task OnPublishAsync(Session session, PublishPacket publish, CancellationToken ct)
    {
        if (publish.Qos == MqttQos.ExactlyOnce)
            throw MqttProtocolException.Violation("QoS 2 PUBLISH although every subscription asked for at most QoS 1 [MQTT-3.8.4-8]");
        if (publish.Properties.TopicAlias is not null)
            throw new MqttProtocolException(MqttReasonCode.TopicAliasInvalid, "Topic Alias although we allowed none [MQTT-3.3.2-9]");
        var message = new MqttApplicationMessage
        {
            Topic = publish.Topic,
            Payload = publish.Payload,
            Qos = publish.Qos,
            Retain = publish.Retain,
            Dup = publish.Dup,
            MessageExpiryInterval = publish.Properties.MessageExpiryInterval,
            PayloadIsUtf8 = publish.Properties.PayloadFormatIndicator == 1,
            ContentType = publish.Properties.ContentType,
            ResponseTopic = publish.Properties.ResponseTopic,
            CorrelationData = publish.Properties.CorrelationData,
        };
        if (MessageReceived is { } handler)
        {
            try
            {
                await handler(message, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogHandlerFailed(e);
            }
        }
        if (publish.Qos == MqttQos.AtLeastOnce)
            await session.Connection.SendAsync(new PubAckPacket { PacketId = publish.PacketId }, ct).ConfigureAwait(false);
    }
}
