using System.Net.Sockets;
using EdgeMx.Mqtt.Formatting;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Transport;

namespace EdgeMx.Mqtt.Client;

public sealed partial class MqttClient
{
    /// <summary>What one successful connection negotiated.</summary>
    private sealed class Session(MqttConnection connection, ConnAckPacket connAck, MqttKeepAlive keepAlive, int sendLimit, MqttQos maximumQos, bool retainAvailable)
    {
        public MqttConnection Connection { get; } = connection;
        public ConnAckPacket ConnAck { get; } = connAck;
        public MqttKeepAlive KeepAlive { get; } = keepAlive;
        public int SendLimit { get; } = sendLimit;
        public bool SessionPresent => ConnAck.SessionPresent;
        public MqttQos MaximumQos { get; } = maximumQos;
        public bool RetainAvailable { get; } = retainAvailable;
        public bool IsV5 => Connection.Adapter.Version == MqttProtocolVersion.V500;
    }

    private sealed class KeepAliveTimeoutException(TimeSpan waited) : Exception($"no answer to PINGREQ within {waited.TotalSeconds:0.#} s");

    private sealed class BrokerDisconnectException(DisconnectPacket packet) : Exception($"DISCONNECT {packet.ReasonCode}")
    {
        public DisconnectPacket Packet { get; } = packet;
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var backoff = new MqttReconnectBackoff(_options.ReconnectInitialDelay, _options.ReconnectMaximumDelay, _time, _random);
        while (!stop.IsCancellationRequested)
        {
            SetState(MqttClientState.Connecting);
            try
            {
                var session = await ConnectAsync(stop).ConfigureAwait(false);
                backoff.OnConnected();
                await RunSessionAsync(session, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                ReportProblem(Classify(e));
            }
            if (stop.IsCancellationRequested) break;

            var delay = backoff.OnDisconnected();
            SetState(MqttClientState.WaitingToReconnect);
            LogReconnectDelay(delay, backoff.Failures);
            try
            {
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        SetState(MqttClientState.Stopped);
    }

    private void SetState(MqttClientState state)
    {
        lock (_gate)
        {
            _state = state;
            if (state != MqttClientState.Connected) _connectedSince = null;
        }
    }

    private async Task<Session> ConnectAsync(CancellationToken stop)
    {
        using var deadline = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
        MqttConnection? connection = null;
        try
        {
            var stream = await MqttTransportConnector.ConnectAsync(_options, linked.Token).ConfigureAwait(false);
            var adapter = new MqttPacketFormatterAdapter(_options.ProtocolVersion, _options.MaximumIncomingPacketSize);
            connection = new MqttConnection(stream, adapter);
            await connection.SendAsync(BuildConnect(), linked.Token).ConfigureAwait(false);
            var first = await connection.ReceiveAsync(linked.Token).ConfigureAwait(false);
            var ack = first switch
            {
                ConnAckPacket a => a,
                null => throw new MqttConnectException(MqttConnectionProblemKind.ConnectRefused,
                    $"the broker at {_options.Host}:{_options.Port} closed the connection after CONNECT without answering",
                    "check the broker log; an MQTT 3.1 broker may not speak MQTT 5 (set telemetry.protocolVersion to \"3.1.1\")"),
                _ => throw MqttProtocolException.Violation($"first packet from the broker was {first.Type}, not CONNACK [MQTT-3.2.0-1]"),
            };
            if (ack.ReasonCode != MqttReasonCode.Success) throw new MqttConnectException(Refusal(ack));
            return OpenSession(connection, ack);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            throw new MqttConnectException(MqttConnectionProblemKind.Timeout,
                $"no connection to the broker at {_options.Host}:{_options.Port} within {_options.ConnectTimeout.TotalSeconds:0.#} s",
                "check that the broker is reachable over the active uplink (routing, firewall) and not overloaded");
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private ConnectPacket BuildConnect()
    {
        var v5 = _options.ProtocolVersion == MqttProtocolVersion.V500;
        return new ConnectPacket
        {
            ProtocolVersion = _options.ProtocolVersion,
            ClientId = _options.ClientId,
            CleanStart = _options.CleanStart,
            KeepAliveSeconds = (ushort)_options.KeepAlive.TotalSeconds,
            UserName = _options.UserName,
            Password = _options.Password,
            Will = _options.Will is { } will && !v5 ? will with { Properties = MqttProperties.Empty } : _options.Will,
            Properties = !v5 ? MqttProperties.Empty : new MqttProperties
            {
                SessionExpiryInterval = _options.SessionExpirySeconds == 0 ? null : _options.SessionExpirySeconds,
                MaximumPacketSize = (uint)_options.MaximumIncomingPacketSize,
                // We handle incoming messages one at a time; say so, so the broker does not flood us.
                ReceiveMaximum = 16,
            },
        };
    }

    private Session OpenSession(MqttConnection connection, ConnAckPacket ack)
    {
        var p = ack.Properties;
        var keepAlive = p.ServerKeepAlive is { } serverKeepAlive ? TimeSpan.FromSeconds(serverKeepAlive) : _options.KeepAlive;
        if (p.MaximumPacketSize is { } max) connection.Adapter.MaximumOutgoingPacketSize = (int)Math.Min(max, int.MaxValue);
        var session = new Session(
            connection,
            ack,
            new MqttKeepAlive(keepAlive, _options.PingTimeout, _time),
            Math.Min(_options.MaxInFlight, p.ReceiveMaximum ?? ushort.MaxValue),
            p.MaximumQos is 0 ? MqttQos.AtMostOnce : MqttQos.ExactlyOnce,
            p.RetainAvailable ?? true);
        connection.PacketSent = () => { lock (session.KeepAlive) session.KeepAlive.OnPacketSent(); };
        connection.PacketReceived = () => { lock (session.KeepAlive) session.KeepAlive.OnPacketReceived(); };
        return session;
    }

    private MqttConnectionProblem Refusal(ConnAckPacket ack)
    {
        var why = ack.Properties.ReasonString is { } reason ? $" ({reason})" : "";
        var message = $"the broker at {_options.Host}:{_options.Port} refused the connection: {ack.ReasonCode}{why}";
        var (kind, check) = ack.ReasonCode switch
        {
            MqttReasonCode.BadUserNameOrPassword => (MqttConnectionProblemKind.AuthenticationRefused,
                "check telemetry.username and the password file against the broker's password file"),
            MqttReasonCode.NotAuthorized => (MqttConnectionProblemKind.AuthenticationRefused,
                "check telemetry.username and the password file (some brokers, mosquitto among them, answer a wrong password " +
                "with 'not authorized'), and that the broker's ACL lets this user and client id connect"),
            MqttReasonCode.ClientIdentifierNotValid => (MqttConnectionProblemKind.ConnectRefused,
                "check telemetry.clientId: the broker rejects it (length, characters)"),
            MqttReasonCode.UnsupportedProtocolVersion => (MqttConnectionProblemKind.ConnectRefused,
                "the broker does not speak this MQTT version: set telemetry.protocolVersion to \"3.1.1\""),
            MqttReasonCode.Banned => (MqttConnectionProblemKind.ConnectRefused, "the broker has banned this client: ask its administrator"),
            _ => (MqttConnectionProblemKind.ConnectRefused, "check the broker log for why it refuses this client"),
        };
        return new MqttConnectionProblem(kind, message, check) { ReasonCode = ack.ReasonCode };
    }

    /// <summary>
    /// Runs one connected session: receive loop, send pump and keep-alive side by side. Returns when stopping;
    /// throws what ended the connection otherwise.
    /// </summary>
    private async Task RunSessionAsync(Session session, CancellationToken stop)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        lock (_gate)
        {
            _session = session;
            _state = MqttClientState.Connected;
            _connectedSince = _time.GetUtcNow();
            _connections++;
        }
        Task[] loops = [];
        try
        {
            LogConnected($"{_options.Host}:{_options.Port}", session.IsV5 ? "5.0" : "3.1.1", session.SessionPresent,
                (int)session.KeepAlive.KeepAlive.TotalSeconds, session.SendLimit);
            var receive = ReceiveLoopAsync(session, cts.Token);
            var send = SendPumpAsync(session, cts.Token);
            var keepAlive = KeepAliveLoopAsync(session, cts.Token);
            var resubscribe = session.SessionPresent ? Task.CompletedTask : ResubscribeAsync(session, cts.Token);
            loops = [receive, send, keepAlive, resubscribe];
            Wake();
            Raise(Connected, new MqttConnectedInfo(session.Connection.Adapter.Version, session.SessionPresent, session.ConnAck));

            var ended = await Task.WhenAny(receive, send, keepAlive).ConfigureAwait(false);
            if (ended.Exception?.InnerException is MqttProtocolException violation && session.IsV5)
                await SendDisconnectQuietlyAsync(session, violation.ReasonCode).ConfigureAwait(false);
            await ended.ConfigureAwait(false); // rethrows what ended it
            throw new IOException("the connection loop ended"); // loops only end by failing or being cancelled
        }
        finally
        {
            cts.Cancel();
            foreach (var loop in loops)
            {
                try { await loop.ConfigureAwait(false); }
                catch { /* the first failure is the one reported */ }
            }
            EndSession();
            await session.Connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(Session session, CancellationToken ct)
    {
        while (true)
        {
            var packet = await session.Connection.ReceiveAsync(ct).ConfigureAwait(false)
                         ?? throw new IOException("the broker closed the connection");
            switch (packet)
            {
                case PublishPacket publish: await OnPublishAsync(session, publish, ct).ConfigureAwait(false); break;
                case PubAckPacket ack: OnPubAck(ack); break;
                case SubAckPacket or UnsubAckPacket: OnSubscriptionAck(packet); break;
                case PingRespPacket: break;
                case DisconnectPacket disconnect: throw new BrokerDisconnectException(disconnect);
                default:
                    // CONNACK twice, QoS 2 flow we never started, client-to-server packets, AUTH we never asked for.
                    throw MqttProtocolException.Violation($"unexpected {packet.Type} from the broker");
            }
        }
    }

    private async Task KeepAliveLoopAsync(Session session, CancellationToken ct)
    {
        while (true)
        {
            MqttKeepAliveDecision decision;
            lock (session.KeepAlive) decision = session.KeepAlive.Evaluate();
            switch (decision.Action)
            {
                case MqttKeepAliveAction.SendPing:
                    await session.Connection.SendAsync(PingReqPacket.Instance, ct).ConfigureAwait(false);
                    break;
                case MqttKeepAliveAction.TimedOut:
                    throw new KeepAliveTimeoutException(session.KeepAlive.PingTimeout);
            }
            await Task.Delay(decision.NextCheck, _time, ct).ConfigureAwait(false);
        }
    }

    private async Task SayGoodbyeAsync(Session session, bool publishWill)
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
            if (session.IsV5)
            {
                await session.Connection.SendAsync(new DisconnectPacket
                {
                    ReasonCode = publishWill && _options.Will is not null ? MqttReasonCode.DisconnectWithWillMessage : MqttReasonCode.Success,
                }, deadline.Token).ConfigureAwait(false);
                return;
            }
            if (publishWill && _options.Will is { } will)
            {
                await session.Connection.SendAsync(new PublishPacket { Topic = will.Topic, Payload = will.Payload, Retain = will.Retain }, deadline.Token)
                    .ConfigureAwait(false);
            }
            await session.Connection.SendAsync(new DisconnectPacket(), deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Leaving anyway; the broker publishes the Will on its own when the connection just drops.
        }
    }

    private async Task SendDisconnectQuietlyAsync(Session session, MqttReasonCode reason)
    {
        // DISCONNECT carries only some reason codes (§3.14.2.1); anything else is reported as a protocol error.
        if (reason is not (MqttReasonCode.MalformedPacket or MqttReasonCode.PacketTooLarge or MqttReasonCode.TopicAliasInvalid))
            reason = MqttReasonCode.ProtocolError;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
            await session.Connection.SendAsync(new DisconnectPacket { ReasonCode = reason }, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private MqttConnectionProblem Classify(Exception e)
    {
        var broker = $"{_options.Host}:{_options.Port}";
        switch (e)
        {
            case MqttConnectException connect:
                return connect.Problem;
            case MqttProtocolException violation:
                return new MqttConnectionProblem(MqttConnectionProblemKind.ProtocolViolation,
                    $"the broker at {broker} broke the MQTT protocol ({violation.ReasonCode}: {violation.Message}); the connection was closed",
                    violation.ReasonCode == MqttReasonCode.PacketTooLarge
                        ? "the broker sent a packet larger than telemetry.maxIncomingPacketBytes; raise it or find what publishes such messages"
                        : "check the broker's version and log; this is a broker bug or something in between tampering with the stream")
                { ReasonCode = violation.ReasonCode };
            case BrokerDisconnectException disconnect:
                var reason = disconnect.Packet.Properties.ReasonString is { } text ? $" ({text})" : "";
                return new MqttConnectionProblem(MqttConnectionProblemKind.BrokerDisconnected,
                    $"the broker at {broker} ended the connection: {disconnect.Packet.ReasonCode}{reason}",
                    disconnect.Packet.ReasonCode switch
                    {
                        MqttReasonCode.SessionTakenOver => "another client connected with the same client id: make telemetry.clientId unique",
                        MqttReasonCode.NotAuthorized => "the broker's ACL refused something this client did (publish or subscribe topics)",
                        MqttReasonCode.ServerShuttingDown => "the broker is shutting down; the appliance reconnects when it is back",
                        MqttReasonCode.KeepAliveTimeout => "the broker heard nothing within the keep-alive: check the path for loss",
                        _ => "check the broker log",
                    })
                { ReasonCode = disconnect.Packet.ReasonCode };
            case KeepAliveTimeoutException timeout:
                return new MqttConnectionProblem(MqttConnectionProblemKind.ConnectionLost,
                    $"the broker at {broker} stopped answering: {timeout.Message}",
                    "check the path to the broker over the active uplink (loss, a NAT or firewall dropping idle flows)");
            case IOException or SocketException or ObjectDisposedException:
                return new MqttConnectionProblem(MqttConnectionProblemKind.ConnectionLost,
                    $"the connection to the broker at {broker} was lost: {e.Message}",
                    "check whether the broker restarted, and the path to it over the active uplink");
            default:
                LogUnexpected(e);
                return new MqttConnectionProblem(MqttConnectionProblemKind.ConnectionLost,
                    $"the connection to the broker at {broker} ended by an internal error: {e.GetType().Name}: {e.Message}",
                    "report this with the appliance log");
        }
    }
}
