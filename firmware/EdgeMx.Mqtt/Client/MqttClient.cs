using System.Threading.Channels;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Queue;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Mqtt.Client;

/// <summary>
/// Our MQTT 3.1.1 / 5.0 client. Durable messages go through the persistent <see cref="MqttOfflineQueue"/> and leave
/// it only when acknowledged; volatile ones are sent when connected and reported back otherwise. The client
/// reconnects by itself (exponential back-off with jitter), resubscribes when the broker lost the session and
/// resends whatever was unacknowledged. Nothing it does throws to the caller: problems come out as
/// <see cref="ConnectionProblem"/> and as results.
/// <para>Partials: Connection (connect, session loops, keep-alive), Publishing (queue, send pump, acks),
/// Subscriptions (subscribe, incoming messages), Log.</para>
/// </summary>
public sealed partial class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly MqttOfflineQueue _queue;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;

    private readonly object _gate = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private CancellationTokenSource? _stop;
    private Task? _run;
    private bool _stopping;
    private TaskCompletionSource? _drained; // set while a clean stop waits for the last PUBACKs
    private Session? _session;
    private MqttClientState _state = MqttClientState.Stopped;
    private DateTimeOffset? _connectedSince;
    private MqttConnectionProblem? _lastProblem;
    private DateTimeOffset? _lastProblemAt;
    private int _connections;
    private long _delivered;
    private long _expired;
    private long _refused;

    public MqttClient(MqttClientOptions options, MqttOfflineQueue queue, TimeProvider time, ILogger<MqttClient> logger, Random? random = null)
    {
        if (options.MaxInFlight is < 1 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(options), "MaxInFlight must be 1..65535");
        if (options.KeepAlive < TimeSpan.Zero || options.KeepAlive.TotalSeconds > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(options), "KeepAlive must be 0..65535 s");
        _options = options;
        _queue = queue;
        _time = time;
        _logger = logger;
        _random = random ?? Random.Shared;
    }

    public MqttClientOptions Options => _options;

    /// <summary>After each successful CONNACK (from the connection loop; handlers must not block).</summary>
    public event Action<MqttConnectedInfo>? Connected;

    /// <summary>Each failed attempt, lost connection or refused message/subscription.</summary>
    public event Action<MqttConnectionProblem>? ConnectionProblem;

    /// <summary>When the offline queue dropped its oldest messages to make room.</summary>
    public event Action<MqttQueueOverflow>? QueueOverflow;

    /// <summary>Messages from subscriptions. Runs on the receive loop before the PUBACK is sent: keep it short
    /// (hand work to a channel). Exceptions are logged and swallowed.</summary>
    public Func<MqttApplicationMessage, CancellationToken, ValueTask>? MessageReceived { get; set; }

    public MqttClientState State { get { lock (_gate) return _state; } }

    public MqttClientStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new MqttClientStatus
                {
                    State = _state,
                    Broker = $"{_options.Host}:{_options.Port}",
                    ProtocolVersion = _options.ProtocolVersion == MqttProtocolVersion.V500 ? "5.0" : "3.1.1",
                    ConnectedSince = _connectedSince,
                    LastProblem = _lastProblem,
                    LastProblemAt = _lastProblemAt,
                    Connections = _connections,
                    QueuedMessages = _queue.Count,
                    QueuedBytes = _queue.Bytes,
                    DroppedMessages = _queue.DroppedTotal,
                    ExpiredMessages = _expired,
                    RefusedMessages = _refused,
                    DeliveredMessages = _delivered,
                    InFlight = _inFlight.Count,
                    QueuePersistenceError = _queue.PersistenceError,
                };
            }
        }
    }

    /// <summary>Starts connecting (and reconnecting) in the background. Idempotent.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_run is not null) return;
            _stopping = false;
            _drained = null;
            _stop = new CancellationTokenSource();
            _state = MqttClientState.Connecting;
            var token = _stop.Token;
            _run = Task.Run(() => RunAsync(token));
        }
    }

    /// <summary>
    /// Ends the connection cleanly. With <paramref name="publishWill"/> the Will (availability "offline") is
    /// published as the appliance leaves: v5 sends DISCONNECT 0x04 "Disconnect with Will Message" (§3.14.2.1);
    /// 3.1.1 publishes the Will's message itself before DISCONNECT. Otherwise a normal DISCONNECT discards the Will.
    /// </summary>
    public async Task StopAsync(bool publishWill = false, CancellationToken cancellationToken = default)
    {
        Task? run;
        Session? session;
        CancellationTokenSource? stop;
        lock (_gate)
        {
            if (_run is null) return;
            _stopping = true;
            run = _run;
            session = _session;
            stop = _stop;
        }
        if (session is not null)
        {
            await DrainInFlightAsync(cancellationToken).ConfigureAwait(false);
            await SayGoodbyeAsync(session, publishWill).ConfigureAwait(false);
        }
        stop!.Cancel();
        try
        {
            await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }
        lock (_gate)
        {
            _run = null;
            _stop = null;
            _state = MqttClientState.Stopped;
        }
        stop.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>How long a clean stop waits for the PUBACKs of what is in flight.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A clean stop first waits (at most <see cref="DrainTimeout"/>) for the PUBACKs of the QoS 1 messages already
    /// sent, taking no new ones (<see cref="_stopping"/>): what the broker took leaves the queue now instead of being
    /// sent again — a duplicate at every subscriber — after the next start. Whatever is still unacknowledged stays
    /// queued and goes out again then (at least once).
    /// </summary>
    private async Task DrainInFlightAsync(CancellationToken cancellationToken)
    {
        Task drained;
        lock (_gate)
        {
            if (_inFlight.Count == 0) return;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }
        try
        {
            await drained.WaitAsync(DrainTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            int left;
            lock (_gate) left = _inFlight.Count;
            LogStopWithUnacknowledged(left, DrainTimeout.TotalSeconds);
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private void ReportProblem(MqttConnectionProblem problem)
    {
        lock (_gate)
        {
            if (_stopping) return;
            _lastProblem = problem;
            _lastProblemAt = _time.GetUtcNow();
        }
        LogProblem(problem.Kind, problem.Message);
        Raise(ConnectionProblem, problem);
    }

    private void Raise<T>(Action<T>? handler, T argument)
    {
        if (handler is null) return;
        try
        {
            handler(argument);
        }
        catch (Exception e)
        {
            LogHandlerFailed(e);
        }
    }
}
