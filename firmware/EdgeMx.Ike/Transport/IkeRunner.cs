using System.Net;
using System.Threading.Channels;
using EdgeMx.Core.Events;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Ike.Engine;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Ike.Transport;

/// <summary>
/// The loop that runs an <see cref="IkeEngine"/> on real sockets: it feeds the engine what the
/// <see cref="IkeUdpTransport"/> receives, calls <see cref="IkeEngine.OnTimer"/> when a timer is due, runs commands
/// posted from other threads, and carries out the engine's actions (datagrams through the transport, CHILD_SAs
/// through the <see cref="IChildSaInstaller"/>, events and state changes to the host's callbacks). Everything that
/// touches the engine happens on this one loop (the engine is not thread-safe).
/// <para>Received datagrams are copied into a queue bounded by <see cref="MaxQueuedDatagrams"/>: under a flood the
/// excess is dropped (and counted) rather than memory growing.</para>
/// </summary>
public sealed partial class IkeRunner
{
    public const int MaxQueuedDatagrams = 4096;

    /// <summary>How often CHILD_SA counters are pulled from the data plane (status, on-demand DPD).</summary>
    public static readonly TimeSpan UsageInterval = TimeSpan.FromSeconds(2);

    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IChildSaInstaller? _installer;
    private readonly HashSet<uint> _installed = [];
    private readonly bool _ownsReceive;
    private int _queuedDatagrams;
    private long _droppedDatagrams;
    private long _nextUsageAt;

    /// <param name="installer">The data plane's CHILD_SA installer; null when the appliance runs without a data plane
    /// (IKE still negotiates; the host must say that no traffic flows).</param>
    public IkeRunner(IkeEngine engine, IkeUdpTransport transport, IChildSaInstaller? installer, TimeProvider time, ILogger logger)
        : this(engine, transport, installer, time, logger, ownsReceive: true)
    {
    }

    /// <param name="ownsReceive">false when an <see cref="IkeRunnerPool"/> receives from the transport and hands
    /// this runner its share through <see cref="Post"/>.</param>
    internal IkeRunner(IkeEngine engine, IkeUdpTransport transport, IChildSaInstaller? installer, TimeProvider time, ILogger logger,
        bool ownsReceive)
    {
        Engine = engine;
        Transport = transport;
        _installer = installer;
        _time = time;
        _logger = logger;
        _ownsReceive = ownsReceive;
        if (ownsReceive) transport.IkeReceived = Post;
    }

    public IkeEngine Engine { get; }

    public IkeUdpTransport Transport { get; }

    /// <summary>An event for the appliance's event log (called on the loop).</summary>
    public Action<EventDraft>? EventReported { get; set; }

    /// <summary>The SA table of a connection changed (called on the loop; the engine may be read here).</summary>
    public Action<string>? StateChanged { get; set; }

    /// <summary>Datagrams dropped because the queue was full.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _droppedDatagrams);

    /// <summary>Runs <paramref name="command"/> on the loop and carries out its actions.</summary>
    public Task InvokeAsync(Func<IkeEngine, IReadOnlyList<IkeAction>> command) =>
        QueryAsync(engine => { Execute(command(engine)); return true; });

    /// <summary>Reads (or changes) the engine on the loop and returns what <paramref name="query"/> returns.</summary>
    public Task<T> QueryAsync<T>(Func<IkeEngine, T> query)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = new Work(null, null, null, () =>
        {
            try
            {
                completion.SetResult(query(Engine));
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        });
        if (!_work.Writer.TryWrite(work)) completion.SetException(new ObjectDisposedException(nameof(IkeRunner)));
        return completion.Task;
    }

    /// <summary>The loop; returns when <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                while (_work.Reader.TryRead(out var work)) Process(work);
                try
                {
                    if (Engine.NextTimerAt is { } at && _time.GetTimestamp() >= at)
                    {
                        Execute(Engine.OnTimer());
                        continue;
                    }
                    PullUsage();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A fault here must not end the loop: every tunnel would freeze (no timers, no status, no
                    // DELETE at shutdown) while the process looked healthy.
                    LogLoopFailed(_logger, e);
                }
                var delay = Engine.NextTimerDelay;
                if (delay is null || delay > UsageInterval) delay = UsageInterval;
                using var timeout = new CancellationTokenSource(delay.Value, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
                try
                {
                    await _work.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // a timer is due
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogLoopFailed(_logger, e);
            throw;
        }
        finally
        {
            if (_ownsReceive) Transport.IkeReceived = null;
        }
    }

    /// <summary>Queues a received IKE message for the loop (copied; called on a receive thread).</summary>
    internal void Post(ReadOnlySpan<byte> message, IPEndPoint remote, IPEndPoint local)
    {
        if (Interlocked.Increment(ref _queuedDatagrams) > MaxQueuedDatagrams)
        {
            Interlocked.Decrement(ref _queuedDatagrams);
            Interlocked.Increment(ref _droppedDatagrams);
            return;
        }
        _work.Writer.TryWrite(new Work(message.ToArray(), remote, local, null));
    }

    private void Process(Work work)
    {
        if (work.Command is { } command)
        {
            command();
            return;
        }
        Interlocked.Decrement(ref _queuedDatagrams);
        try
        {
            Execute(Engine.Receive(work.Datagram, work.Remote!, work.Local!));
        }
        catch (Exception e)
        {
            // The engine promises not to throw for malformed input; if it does anyway, drop the datagram, keep running.
            LogEngineFailed(_logger, work.Remote!, e);
        }
    }

    /// <summary>
    /// Carries out the engine's actions in order; the state of the connections that changed is published once the
    /// whole batch is done. The engine is fully updated before it returns its actions, so a state published in the
    /// middle of a batch (the IKE SA established, ahead of the CHILD_SA's install) would show a CHILD_SA INSTALLED
    /// that the data plane does not have yet, and ESP the peer sent at once was dropped (seen in the lab).
    /// </summary>
    public void Execute(IReadOnlyList<IkeAction> actions)
    {
        List<string>? changed = null;
        foreach (var action in actions)
        {
            if (action is SaStateChanged state)
            {
                changed ??= [];
                if (!changed.Contains(state.Connection)) changed.Add(state.Connection);
                continue;
            }
            try
            {
                ExecuteOne(action);
            }
            catch (Exception e)
            {
                // The data plane refusing an SA must not stop IKE: the event log and the log say what happened.
                LogActionFailed(_logger, action.GetType().Name, e);
            }
        }
        if (changed is null) return;
        foreach (var connection in changed)
        {
            try
            {
                StateChanged?.Invoke(connection);
            }
            catch (Exception e)
            {
                LogActionFailed(_logger, nameof(SaStateChanged), e);
            }
        }
    }

    private void ExecuteOne(IkeAction action)
    {
        switch (action)
        {
            case SendDatagram send:
                Transport.Send(send);
                break;
            case InstallChildSa install:
                if (_installer is null)
                {
                    LogNoDataPlane(_logger, install.ChildSa.InboundSpi);
                    break;
                }
                _installer.Install(install.ChildSa);
                _installed.Add(install.ChildSa.InboundSpi);
                break;
            case UpdateChildSaEndpoints update:
                _installer?.UpdateEndpoints(update.InboundSpi, update.Local, update.Remote, update.UdpEncapsulation);
                break;
            case RemoveChildSa remove:
                _installed.Remove(remove.InboundSpi);
                if (_installer is null) break;
                // The final counters, read just before the data plane forgets them: what the CHILD_SA carried since the
                // last usage pull would otherwise be lost to the connection's totals.
                var final = _installer.GetUsage(remove.InboundSpi);
                _installer.Remove(remove.InboundSpi, remove.OutboundSpi);
                if (final is { } usage) Engine.CountFinalUsage(remove.Connection, usage, remove.CountedUsage);
                break;
            case ReportEvent report:
                EventReported?.Invoke(report.Event);
                break;
        }
    }

    /// <summary>Hands the data plane's counters to the engine (on-demand DPD skips a check while ESP arrives).</summary>
    private void PullUsage()
    {
        if (_installer is null || _installed.Count == 0) return;
        var now = _time.GetTimestamp();
        if (now < _nextUsageAt) return;
        _nextUsageAt = now + (long)(UsageInterval.TotalSeconds * _time.TimestampFrequency);
        foreach (var spi in _installed)
            if (_installer.GetUsage(spi) is { } usage)
                Engine.ReportUsage(spi, usage);
    }

    private sealed record Work(byte[]? Datagram, IPEndPoint? Remote, IPEndPoint? Local, Action? Command);
}
