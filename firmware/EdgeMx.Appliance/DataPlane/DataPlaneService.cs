using System.Collections.Immutable;
using System.Diagnostics;
using EdgeMx.Core.Crypto;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using EdgeMx.Esp.Backends.UserSpace;
using EdgeMx.Esp.Backends.Xfrm;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Esp.Sa;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.DataPlane;

/// <summary>
/// Owns the ESP data plane of the appliance. At start it runs the crypto start-up (self-tests, kernel ESP probe) if
/// nobody did yet, picks the backend (<see cref="EspBackendProbe"/>: XFRM where the kernel has ESP, user space
/// otherwise), logs and records the choice. The backend itself — for user space the TUN device and its routes — is
/// started by the tunnel service (<see cref="EnsureStarted"/>) or the first CHILD_SA, so an appliance without
/// tunnels creates no device. Counters, drops by reason and per-SA traffic are published into
/// <see cref="ApplianceState.DataPlane"/> for `edgemx status`.
/// </summary>
public sealed partial class DataPlaneService : IHostedService, IAsyncDisposable
{
    private readonly CryptoRuntime _crypto;
    private readonly DataPlaneOptions _options;
    private readonly IApplianceStateStore _store;
    private readonly IEventLog _events;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private EspBackendChoice? _choice;
    private IEspDataPlane? _plane;
    private UserSpaceDataPlane? _userSpace;
    private ITimer? _publisher;
    private IpForwarding? _forwarding;

    public DataPlaneService(CryptoRuntime crypto, DataPlaneOptions options, IApplianceStateStore store, IEventLog events, TimeProvider time,
        ILoggerFactory loggers)
    {
        _crypto = crypto;
        _options = options;
        _store = store;
        _events = events;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<DataPlaneService>();
    }

    /// <summary>Where the IKE transport attaches its port-4500 sockets (user-space backend).</summary>
    public EspUdpTransportRelay Transport { get; } = new();

    /// <summary>The backend chosen at start-up.</summary>
    public EspBackendChoice Choice => _choice ?? throw new InvalidOperationException("the data plane service has not started");

    /// <summary>
    /// True when the kernel decapsulates ESP in UDP: the IKE transport must then set UDP_ENCAP_ESPINUDP on its
    /// port-4500 sockets (<see cref="XfrmUdpEncapsulation.Enable"/>) instead of handing ESP to <see cref="ReceiveEsp"/>.
    /// </summary>
    public bool KernelDecapsulates => Choice.Backend == XfrmDataPlane.BackendName;

    /// <summary>Soft/hard expiries by bytes, packets or sequence numbers, for the tunnel service to rekey or delete.</summary>
    public event Action<EspSaExpiry>? SaExpired;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_crypto.IsInitialized) _crypto.Initialize();
        var choice = EspBackendProbe.Choose(_options.Backend, _crypto.Selection.KernelEsp);
        _choice = choice;
        LogChoice(_logger, choice.Backend, choice.Reason, string.Join("; ", choice.Kernel.Evidence));
        if (choice.FellBack) LogFellBack(_logger, choice.Reason);
        _events.Append(new EventDraft(choice.FellBack ? EventSeverity.Warning : EventSeverity.Info, EventCategory.System,
            "esp-backend-selected", $"ESP data plane backend {choice.Backend}: {choice.Reason}") { Subject = "esp" });
        Publish();
        _publisher = _time.CreateTimer(_ => Publish(), null, _options.PublishInterval, _options.PublishInterval);
        return Task.CompletedTask;
    }

    /// <summary>The running data plane, started on first use (TUN device + routes for user space, XFRM sockets for the kernel).</summary>
    public IEspDataPlane EnsureStarted()
    {
        lock (_gate)
        {
            if (_plane is not null) return _plane;
            var choice = Choice;
            try
            {
                if (choice.Backend == XfrmDataPlane.BackendName)
                {
                    _plane = XfrmDataPlane.Start(new XfrmDataPlaneOptions { Namespace = _options.Namespace }, _time, _loggers.CreateLogger<XfrmDataPlane>());
                }
                else
                {
                    var options = new UserSpaceDataPlaneOptions { TunName = _options.TunName, RouteSource = _options.RouteSource, Namespace = _options.Namespace };
                    _userSpace = UserSpaceDataPlane.StartAsync(options, _crypto.Provider, _time, _loggers.CreateLogger<UserSpaceDataPlane>(), Transport)
                        .GetAwaiter().GetResult();
                    _plane = _userSpace;
                }
            }
            catch (Exception e)
            {
                LogStartFailed(_logger, e, choice.Backend);
                _events.Append(new EventDraft(EventSeverity.Critical, EventCategory.System, "esp-backend-failed",
                    $"the {choice.Backend} ESP data plane could not start: {e.Message}") { Subject = "esp" });
                _store.Update(s => s with { DataPlane = (s.DataPlane ?? Describe(choice)) with { Error = e.Message } });
                throw;
            }
            _plane.SaExpired += expiry => SaExpired?.Invoke(expiry);
            EnableForwarding();
            LogRunning(_logger, choice.Backend, _userSpace is { } u ? $" on {u.Device}" : "");
        }
        Publish();
        return _plane;
    }

    /// <summary>LAN hosts reach the hubs' subnets only if the appliance forwards; without it only its own traffic is tunnelled.</summary>
    private void EnableForwarding()
    {
        _forwarding = new IpForwarding(_options.Namespace, _options.ForwardingSysctl);
        try
        {
            if (_forwarding.Enable()) LogForwardingEnabled(_logger);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogForwardingFailed(_logger, e.Message);
            _events.Append(new EventDraft(EventSeverity.Error, EventCategory.System, "esp-forwarding-failed",
                $"IPv4 forwarding could not be switched on ({e.Message}): LAN hosts cannot reach the tunnels")
            {
                Subject = "esp",
                Check = "Is the appliance running as root in its own network namespace? Is /proc/sys writable (not a read-only container)?",
            });
        }
    }

    /// <summary>The IKE transport's hook for ESP-in-UDP datagrams (non-ESP marker absent); dropped while no backend runs.</summary>
    public void ReceiveEsp(Span<byte> esp) => _userSpace?.ReceiveEsp(esp);

    private DataPlaneState Describe(EspBackendChoice choice) => new() { Backend = choice.Backend, BackendReason = choice.Reason };

    /// <summary>Copies counters into the state snapshot (on a timer; cheap for user space, one GETSA per SA for XFRM).</summary>
    internal void Publish()
    {
        try
        {
            if (_choice is not { } choice) return;
            var plane = _plane;
            var sas = plane?.Snapshot() ?? [];
            var state = Describe(choice) with
            {
                Running = plane is not null,
                Device = _userSpace?.Device,
                ChildSas = [.. sas.Select(ToState)],
                Gen2Collections = GC.CollectionCount(2),
                Gen0Collections = GC.CollectionCount(0),
                AllocatedBytes = GC.GetTotalAllocatedBytes(),
                CpuSeconds = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
            };
            if (_userSpace is { } u)
            {
                var c = u.Path.Counters;
                state = state with
                {
                    PacketsIn = c.PacketsIn, BytesIn = c.BytesIn, PacketsOut = c.PacketsOut, BytesOut = c.BytesOut,
                    IcmpErrorsSent = c.IcmpErrorsSent, MssClamped = c.MssClamped, Drops = c.Drops.Snapshot(),
                };
            }
            else
            {
                state = state with
                {
                    PacketsIn = sas.Sum(s => s.PacketsIn), BytesIn = sas.Sum(s => s.BytesIn),
                    PacketsOut = sas.Sum(s => s.PacketsOut), BytesOut = sas.Sum(s => s.BytesOut),
                    Drops = Sum(sas.Select(s => s.DropsIn).Concat(sas.Select(s => s.DropsOut))),
                };
            }
            var previousError = _store.Current.DataPlane?.Error;
            _store.Update(s => s with { DataPlane = state with { Error = plane is null ? previousError : null } });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogPublishFailed(_logger, e);
        }
    }

    private static ImmutableSortedDictionary<string, long> Sum(IEnumerable<ImmutableSortedDictionary<string, long>> counters)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        foreach (var set in counters)
            foreach (var (reason, count) in set)
                builder[reason] = builder.GetValueOrDefault(reason) + count;
        return builder.ToImmutable();
    }

    private static ChildSaState ToState(EspChildSaStatus s) => new()
    {
        Connection = s.Connection, Child = s.Child, UniqueId = s.UniqueId, State = s.State, InboundSpi = s.InboundSpi,
        OutboundSpi = s.OutboundSpi, Suite = s.Suite + (s.ExtendedSequenceNumbers ? "/ESN" : ""), Encapsulation = s.Encapsulation,
        LocalEndpoint = s.LocalEndpoint, RemoteEndpoint = s.RemoteEndpoint, LocalSelectors = s.LocalSelectors,
        RemoteSelectors = s.RemoteSelectors, TunnelMtu = s.TunnelMtu, BytesIn = s.BytesIn, PacketsIn = s.PacketsIn,
        BytesOut = s.BytesOut, PacketsOut = s.PacketsOut, DropsIn = s.DropsIn, DropsOut = s.DropsOut, Lifetime = s.Lifetime,
    };

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (_publisher is { } timer) await timer.DisposeAsync().ConfigureAwait(false);
        _publisher = null;
        IEspDataPlane? plane;
        lock (_gate)
        {
            plane = _plane;
            _plane = null;
            _userSpace = null;
        }
        if (plane is IAsyncDisposable disposable) await disposable.DisposeAsync().ConfigureAwait(false);
        try
        {
            _forwarding?.Restore();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogForwardingFailed(_logger, e.Message);
        }
        _forwarding = null;
    }
}
