using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Queue;

namespace EdgeMx.Mqtt.Client;

public sealed partial class MqttClient
{
    private readonly MqttPacketIdentifiers _ids = new();
    private readonly Dictionary<ushort, InFlight> _inFlight = [];
    private readonly LinkedList<PendingVolatile> _volatile = new();

    /// <summary>A QoS 1 PUBLISH awaiting its PUBACK: from the queue (<see cref="Queued"/>) or volatile.</summary>
    private sealed record InFlight(QueuedMessage? Queued, PendingVolatile? Volatile);

    private sealed class PendingVolatile(MqttApplicationMessage message)
    {
        public MqttApplicationMessage Message { get; } = message;
        public TaskCompletionSource<MqttPublishResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One PUBLISH the pump decided to send.</summary>
    private readonly record struct Outgoing(MqttApplicationMessage Message, MqttQos Qos, ushort PacketId, bool Dup,
        QueuedMessage? Queued, PendingVolatile? Volatile, DateTimeOffset? EnqueuedAt);

    /// <summary>
    /// Durable publish: persisted in the offline queue now, delivered in order when the broker is reachable
    /// (now, after an outage, or after a restart), removed only when acknowledged. <paramref name="tag"/> is the
    /// producer's own position (an event sequence) that <see cref="MqttOfflineQueue.HighestTag"/> gives back later.
    /// </summary>
    public MqttPublishResult Enqueue(MqttApplicationMessage message, long tag = 0)
    {
        if (Validate(message) is { } invalid) return invalid;
        var (queued, dropped) = _queue.Enqueue(message, tag);
        if (queued is null)
            return new(MqttPublishOutcome.Dropped, Detail: $"larger than the queue's {_queue.Options.MaxMessageBytes}-byte message limit");
        if (dropped > 0)
        {
            var total = _queue.DroppedTotal;
            LogQueueOverflow(dropped, total);
            Raise(QueueOverflow, new MqttQueueOverflow(dropped, total));
        }
        Wake();
        return new(MqttPublishOutcome.Queued);
    }

    /// <summary>
    /// Volatile publish: sent now if connected (QoS 0: once written; QoS 1: once acknowledged), otherwise
    /// <see cref="MqttPublishOutcome.NotConnected"/>. For retained state that is republished on every connect.
    /// </summary>
    public async ValueTask<MqttPublishResult> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default)
    {
        if (Validate(message) is { } invalid) return invalid;
        var pending = new PendingVolatile(message);
        PendingVolatile? pushedOut = null;
        lock (_gate)
        {
            if (_session is null || _stopping) return new(MqttPublishOutcome.NotConnected);
            _volatile.AddLast(pending);
            if (_volatile.Count > _options.MaxPendingVolatile)
            {
                pushedOut = _volatile.First!.Value;
                _volatile.RemoveFirst();
            }
        }
        pushedOut?.Completion.TrySetResult(new(MqttPublishOutcome.Dropped, Detail: "pushed out by newer messages while waiting for a send slot"));
        Wake();
        try
        {
            return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new(MqttPublishOutcome.Cancelled);
        }
    }

    private static MqttPublishResult? Validate(MqttApplicationMessage m)
    {
        if (m.Topic.Length == 0 || !MqttTopic.IsValidName(m.Topic))
            return new(MqttPublishOutcome.Invalid, Detail: $"'{m.Topic}' is not a valid topic name");
        if (m.Qos > MqttQos.AtLeastOnce)
            return new(MqttPublishOutcome.Invalid, Detail: "this client publishes at QoS 0 or 1");
        return null;
    }

    /// <summary>
    /// Sends volatile messages first (latest state matters most), then the queue from its head: on a new
    /// connection everything still unacknowledged goes out again, in order — with DUP and its original Packet
    /// Identifier when the broker kept the session (§4.4) — before anything newer.
    /// </summary>
    private async Task SendPumpAsync(Session session, CancellationToken ct)
    {
        long cursor = 0;
        var resent = _queue.Snapshot().Count(m => m.SendCount > 0);
        if (resent > 0) LogResending(resent);
        while (true)
        {
            while (NextOutgoing(session, ref cursor) is { } outgoing)
                await SendAsync(session, outgoing, ct).ConfigureAwait(false);
            await _wake.Reader.ReadAsync(ct).ConfigureAwait(false);
        }
    }

    private Outgoing? NextOutgoing(Session session, ref long cursor)
    {
        lock (_gate)
        {
            if (_stopping) return null; // a clean stop only waits for what is in flight (DrainInFlightAsync)
            var windowOpen = _inFlight.Count < session.SendLimit;
            if (_volatile.First is { } node)
            {
                var v = node.Value;
                var qos = Min(v.Message.Qos, session.MaximumQos);
                if (qos == MqttQos.AtMostOnce || windowOpen)
                {
                    _volatile.RemoveFirst();
                    var id = qos == MqttQos.AtMostOnce ? (ushort)0 : _ids.Allocate();
                    if (id != 0) _inFlight[id] = new InFlight(null, v);
                    return new Outgoing(v.Message, qos, id, false, null, v, null);
                }
                return null;
            }
            while (_queue.TryGetNext(cursor, out var queued))
            {
                var qos = Min(queued.Message.Qos, session.MaximumQos);
                if (qos != MqttQos.AtMostOnce && !windowOpen) return null;
                cursor = queued.Id;
                if (queued.Message.MessageExpiryInterval is { } expiry &&
                    _time.GetUtcNow() - queued.EnqueuedAt >= TimeSpan.FromSeconds(expiry))
                {
                    if (_queue.Remove(queued.Id, MqttQueueRemoval.Expired)) _expired++;
                    continue;
                }
                ushort id = 0;
                if (qos != MqttQos.AtMostOnce)
                {
                    id = session.SessionPresent && queued.PacketId != 0 && _ids.Reserve(queued.PacketId) ? queued.PacketId : _ids.Allocate();
                    queued.PacketId = id;
                    _inFlight[id] = new InFlight(queued, null);
                }
                return new Outgoing(queued.Message, qos, id, queued.SendCount > 0, queued, null, queued.EnqueuedAt);
            }
            return null;
        }
    }

    private async Task SendAsync(Session session, Outgoing o, CancellationToken ct)
    {
        var m = o.Message;
        var properties = MqttProperties.Empty;
        if (session.IsV5)
        {
            uint? expiry = m.MessageExpiryInterval;
            if (expiry is { } e && o.EnqueuedAt is { } at)
            {
                // §3.3.2.3.3: forward what is left of the interval after the time spent waiting here.
                var waited = (uint)Math.Clamp((_time.GetUtcNow() - at).TotalSeconds, 0, e);
                expiry = Math.Max(1, e - waited);
            }
            properties = new MqttProperties
            {
                MessageExpiryInterval = expiry,
                PayloadFormatIndicator = m.PayloadIsUtf8 ? (byte)1 : null,
                ContentType = m.ContentType,
                ResponseTopic = m.ResponseTopic,
                CorrelationData = m.CorrelationData,
            };
        }
        var packet = new PublishPacket
        {
            Topic = m.Topic,
            Payload = m.Payload,
            Qos = o.Qos,
            PacketId = o.PacketId,
            Dup = o.Dup && o.Qos != MqttQos.AtMostOnce,
            Retain = m.Retain && session.RetainAvailable,
            Properties = properties,
        };

        if (!session.Connection.Adapter.FitsOutgoing(packet))
        {
            Finish(o, new(MqttPublishOutcome.Refused, MqttReasonCode.PacketTooLarge,
                $"{session.Connection.Adapter.Measure(packet)} bytes is over the broker's Maximum Packet Size {session.Connection.Adapter.MaximumOutgoingPacketSize}"));
            return;
        }
        if (o.Queued is { } q) q.SendCount++;
        try
        {
            await session.Connection.SendAsync(packet, ct).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            // Nothing was written: the message itself cannot be encoded (e.g. U+0000 in a property).
            Finish(o, new(MqttPublishOutcome.Invalid, Detail: e.Message));
            return;
        }
        if (o.Qos == MqttQos.AtMostOnce) Finish(o, new(MqttPublishOutcome.Delivered));
    }

    private void OnPubAck(PubAckPacket ack)
    {
        InFlight? entry;
        lock (_gate)
        {
            if (!_inFlight.Remove(ack.PacketId, out entry))
            {
                LogUnknownAck(ack.PacketId);
                return;
            }
            _ids.Release(ack.PacketId);
            if (_inFlight.Count == 0) _drained?.TrySetResult();
        }
        var result = ack.ReasonCode < MqttReasonCode.UnspecifiedError
            ? new MqttPublishResult(MqttPublishOutcome.Delivered, ack.ReasonCode)
            : new MqttPublishResult(MqttPublishOutcome.Refused, ack.ReasonCode, ack.Properties.ReasonString);
        Complete(entry.Queued, entry.Volatile, result);
        Wake();
    }

    /// <summary>Ends a message's journey without a PUBACK (QoS 0 written, or refused before sending).</summary>
    private void Finish(Outgoing o, MqttPublishResult result)
    {
        if (o.PacketId != 0)
        {
            lock (_gate)
            {
                _inFlight.Remove(o.PacketId);
                _ids.Release(o.PacketId);
                if (_inFlight.Count == 0) _drained?.TrySetResult();
            }
        }
        Complete(o.Queued, o.Volatile, result);
    }

    private void Complete(QueuedMessage? queued, PendingVolatile? pending, MqttPublishResult result)
    {
        if (result.Outcome == MqttPublishOutcome.Delivered)
        {
            Interlocked.Increment(ref _delivered);
        }
        else
        {
            Interlocked.Increment(ref _refused);
            ReportProblem(new MqttConnectionProblem(MqttConnectionProblemKind.Refused,
                $"the broker refused a message on '{(queued?.Message ?? pending!.Message).Topic}': {result.ReasonCode} {result.Detail}".TrimEnd(),
                result.ReasonCode == MqttReasonCode.NotAuthorized
                    ? "check that the broker's ACL lets this user publish under the telemetry topic prefix"
                    : "check the broker's limits (message size, quotas) and its log")
            { ReasonCode = result.ReasonCode });
        }
        if (queued is not null)
            _queue.Remove(queued.Id, result.Outcome == MqttPublishOutcome.Delivered ? MqttQueueRemoval.Delivered : MqttQueueRemoval.Rejected);
        pending?.Completion.TrySetResult(result);
    }

    /// <summary>The connection is gone: volatile messages in flight or waiting are told so; queued ones stay
    /// queued (their packet ids are kept for a session-present resend).</summary>
    private void EndSession()
    {
        List<PendingVolatile> failed = [];
        lock (_gate)
        {
            _session = null;
            foreach (var entry in _inFlight.Values)
                if (entry.Volatile is { } v) failed.Add(v);
            _inFlight.Clear();
            _ids.Clear();
            _drained?.TrySetResult(); // nothing more can be acknowledged on this connection
            failed.AddRange(_volatile);
            _volatile.Clear();
            FailPendingAcknowledgements();
        }
        foreach (var v in failed)
            v.Completion.TrySetResult(new(MqttPublishOutcome.ConnectionLost));
    }

    private static MqttQos Min(MqttQos a, MqttQos b) => a < b ? a : b;
}
