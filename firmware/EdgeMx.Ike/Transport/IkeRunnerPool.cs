using EdgeMx.Core.Events;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Ike.Engine;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Ike.Transport;

/// <summary>
/// Several <see cref="IkeEngine"/>s, each on its own <see cref="IkeRunner"/> loop, behind one
/// <see cref="IkeUdpTransport"/>: what lets a responder with many peers (a hub, the many-initiator benchmark) use
/// every core, as strongSwan's thread pool does, while each engine stays a single-threaded state machine. An engine
/// owns the IKE SAs whose SPIs fall in its <see cref="SpiPartition"/>; <see cref="IkeMessageRoute"/> sends every
/// received message to its owner, so no SA is ever touched by two loops. The engines share the sockets and the data
/// plane (its installer must be thread-safe); their CHILD_SA SPIs are partitioned too, so they never collide.
/// <para>Responder defences (<see cref="IkeEngineOptions.CookieThreshold"/>, <see cref="IkeEngineOptions.HalfOpenLimit"/>)
/// are shared out: each engine gets its part (rounded up), so the pool as a whole starts asking for COOKIEs and
/// refusing half-open SAs at about the configured numbers (new SAs are spread evenly by the initiators' SPIs).</para>
/// Connections a responder answers must be added to every engine (<see cref="InvokeAllAsync"/>); a connection we
/// initiate lives in one engine (<see cref="Runners"/>[0] by convention).
/// </summary>
public sealed class IkeRunnerPool
{
    private readonly IkeRunner[] _runners;

    /// <param name="createEngine">Makes one engine from the options it is given (its partition and share of the
    /// defences filled in from <paramref name="options"/>).</param>
    public IkeRunnerPool(int engines, IkeEngineOptions options, Func<IkeEngineOptions, IkeEngine> createEngine,
        IkeUdpTransport transport, IChildSaInstaller? installer, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(engines, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(engines, SpiPartition.MaxCount);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createEngine);
        Transport = transport;
        _runners = new IkeRunner[engines];
        for (var i = 0; i < engines; i++)
        {
            var share = options with
            {
                SpiPartition = new SpiPartition(i, engines),
                CookieThreshold = Share(options.CookieThreshold, engines),
                HalfOpenLimit = Share(options.HalfOpenLimit, engines),
            };
            _runners[i] = new IkeRunner(createEngine(share), transport, installer, time, logger, ownsReceive: false);
        }
        transport.IkeReceived = (message, remote, local) =>
            _runners[IkeMessageRoute.EngineOf(message, _runners.Length)].Post(message, remote, local);
    }

    public IkeUdpTransport Transport { get; }

    public IReadOnlyList<IkeRunner> Runners => _runners;

    /// <summary>Datagrams dropped because an engine's queue was full, over all engines.</summary>
    public long DroppedDatagrams => _runners.Sum(r => r.DroppedDatagrams);

    /// <summary>Every engine's events (called on that engine's loop: handlers must be thread-safe).</summary>
    public Action<EventDraft>? EventReported
    {
        set { foreach (var runner in _runners) runner.EventReported = value; }
    }

    /// <summary>A connection's SA table changed in one of the engines (called on that engine's loop).</summary>
    public Action<string>? StateChanged
    {
        set { foreach (var runner in _runners) runner.StateChanged = value; }
    }

    /// <summary>Runs every engine's loop until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(_runners.Select(r => Task.Run(() => r.RunAsync(stoppingToken), CancellationToken.None)))
                .ConfigureAwait(false);
        }
        finally
        {
            Transport.IkeReceived = null; // the transport may outlive the pool
        }
    }

    /// <summary>Runs <paramref name="command"/> on every engine's loop (e.g. adding a connection to answer).</summary>
    public Task InvokeAllAsync(Func<IkeEngine, IReadOnlyList<IkeAction>> command) =>
        Task.WhenAll(_runners.Select(r => r.InvokeAsync(command)));

    /// <summary>Asks every engine on its loop; the answers in engine order.</summary>
    public Task<T[]> QueryAllAsync<T>(Func<IkeEngine, T> query) =>
        Task.WhenAll(_runners.Select(r => r.QueryAsync(query)));

    private static int Share(int total, int engines) => Math.Max(1, (int)Math.Ceiling(total / (double)engines));
}
