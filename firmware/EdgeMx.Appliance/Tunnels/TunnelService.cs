using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EdgeMx.Appliance.DataPlane;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using EdgeMx.Esp.Backends.Xfrm;
using EdgeMx.Esp.Sa;
using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Transport;
using EdgeMx.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Tunnels;

/// <summary>
/// Runs the configured IPsec tunnels: one <see cref="IkeEngine"/> on an <see cref="IkeRunner"/>, its UDP 500/4500
/// sockets on every uplink that has an address, each "initiate" tunnel brought up from the active uplink (and
/// moved when the active uplink changes), "listen" tunnels answered on every uplink. Engine events go to the event
/// log, SAs to <see cref="ApplianceState.Tunnels"/>, CHILD_SAs to the data plane through the
/// <see cref="IChildSaInstaller"/> the data-plane service registers (without one, IKE still negotiates and the
/// service says that no traffic flows). Reconciles on every state change, on a configuration reload and every
/// <see cref="ReconcileInterval"/> (a PSK file that appears later, a DNS name that resolves later).
/// </summary>
public sealed partial class TunnelService(
    UplinkController controller,
    IApplianceStateStore store,
    IEventLog events,
    Func<ICryptoProvider> crypto,
    IChildSaInstaller? installer,
    DataPlaneService? dataPlane,
    TimeProvider time,
    ILogger<TunnelService> logger,
    Guard.TunnelGuards? guards = null) : BackgroundService
{
    public static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(2);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Tunnel> _tunnels = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private IkeRunner? _runner;
    private int _generation = -1;
    private volatile string? _activeUplink;
    private IPAddress? _activeAddress;
    private Dictionary<string, ProbeBinding> _bindings = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing to do (and no sockets to hold) until a tunnel is configured.
        while (!stoppingToken.IsCancellationRequested && (controller.Configuration.Config?.Tunnels.Count ?? 0) == 0)
        {
            try
            {
                await controller.Configuration.Replaced.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var engine = new IkeEngine(crypto(), time);
        using var transport = new IkeUdpTransport(logger);
        // ESP shares the port-4500 sockets with IKE (RFC 3948 §2.2: one NAT mapping for both). With the user-space
        // backend our sockets hand ESP to the data plane and send what it encapsulates; with kernel ESP the kernel
        // decapsulates on the socket itself (UDP_ENCAP_ESPINUDP) as strongSwan's socket-default does.
        if (dataPlane is not null)
        {
            if (dataPlane.KernelDecapsulates) transport.ConfigureNatTraversalSocket = XfrmUdpEncapsulation.Enable;
            else transport.EspReceived = dataPlane.ReceiveEsp;
            dataPlane.Transport.Attach(transport);
        }
        var runner = new IkeRunner(engine, transport, installer, time, logger)
        {
            EventReported = draft => events.Append(draft),
            StateChanged = name => Publish(engine, name),
        };
        _runner = runner;
        if (installer is null)
        {
            LogNoDataPlane(logger);
            events.Append(new EventDraft(EventSeverity.Warning, EventCategory.Vpn, "vpn.dataplane.absent",
                "No ESP data plane is running: tunnels are negotiated but carry no traffic")
            {
                Check = "Is the data-plane service enabled for this board (TUN device, user-space ESP)? See the appliance log.",
            });
        }
        Action<EspSaExpiry>? onExpiry = null;
        if (dataPlane is not null)
        {
            onExpiry = expiry => _ = OnSaExpiredAsync(runner, expiry);
            dataPlane.SaExpired += onExpiry;
        }
        var loop = runner.RunAsync(stoppingToken);
        var watch = WatchAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await ReconcileAsync(runner).ConfigureAwait(false);
                await _wake.WaitAsync(ReconcileInterval, stoppingToken).ConfigureAwait(false);
                while (_wake.CurrentCount > 0) await _wake.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Delete our SAs at the peers (best effort: the loop is stopping) and clear the status.
            store.Update(s => s with { Tunnels = [] });
            if (dataPlane is not null)
            {
                if (onExpiry is not null) dataPlane.SaExpired -= onExpiry;
                dataPlane.Transport.Detach(transport);
            }
            await loop.ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }
    }

    /// <summary>Stopping: tell the peers (INFORMATIONAL DELETE) before the loop ends, so the hubs do not wait for DPD.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_runner is { } runner)
        {
            try
            {
                var deadline = time.GetTimestamp() + 2 * time.TimestampFrequency;
                await runner.InvokeAsync(e =>
                {
                    var actions = new List<IkeAction>();
                    foreach (var name in _tunnels.Keys) actions.AddRange(e.Terminate(name));
                    return actions;
                }).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                // The DELETE exchanges complete when the hubs answer (a round trip): only then are the SAs gone
                // here and at the hub, and their CHILD_SAs out of the data plane. Give them until the deadline.
                while (time.GetTimestamp() < deadline
                    && await runner.QueryAsync(e => e.Sas.Any(sa => _tunnels.ContainsKey(sa.Name)))
                        .WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false))
                    await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The data plane saw an SA reach a byte/packet/sequence-number limit (RFC 4303 §3.3.3: the sequence number must
    /// not cycle). Soft: rekey that CHILD_SA now; hard: delete it (the engine then re-creates it if the tunnel is to
    /// stay up). Time-based lifetimes are the engine's own.
    /// </summary>
    private async Task OnSaExpiredAsync(IkeRunner runner, EspSaExpiry expiry)
    {
        try
        {
            await runner.InvokeAsync(e =>
            {
                foreach (var sa in e.Sas)
                foreach (var child in sa.Children)
                {
                    if (child.InboundSpi != expiry.Spi && child.OutboundSpi != expiry.Spi) continue;
                    LogSaExpired(logger, sa.Name, child.Name, expiry.ToString());
                    return expiry.Hard ? e.DeleteChildSa(sa.Name, child.Name) : e.RekeyChildSa(sa.Name, child.Name);
                }
                return [];
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Wakes the reconcile loop on every state change (active uplink, addresses) and configuration reload.</summary>
    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            string? lastActive = null;
            await foreach (var state in store.Watch(stoppingToken).ConfigureAwait(false))
            {
                if (state.ActiveUplink != lastActive || controller.Configuration.Generation != _generation)
                {
                    lastActive = state.ActiveUplink;
                    _wake.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReconcileAsync(IkeRunner runner)
    {
        var configuration = controller.Configuration;
        var config = configuration.Config;
        var wanted = config?.Tunnels ?? [];
        var state = store.Current;

        // Sockets: every uplink with an address (so a listening tunnel can be reached and a failover is quick).
        var bindings = new Dictionary<string, ProbeBinding>(StringComparer.Ordinal);
        foreach (var uplink in config?.Uplinks ?? [])
            if (controller.BindingFor(uplink.Name) is { } binding && binding.Source.AddressFamily == AddressFamily.InterNetwork)
                bindings[uplink.Name] = binding;
        foreach (var (name, old) in _bindings)
            if (!bindings.TryGetValue(name, out var now) || !now.Source.Equals(old.Source) || now.Interface != old.Interface)
                runner.Transport.Close(old.Source);
        foreach (var (name, binding) in bindings)
        {
            try
            {
                runner.Transport.Open(new UplinkBinding(binding.Interface, binding.Source));
            }
            catch (SocketException e)
            {
                LogOpenFailed(logger, binding.Source, binding.Interface, e.SocketErrorCode);
                bindings.Remove(name);
            }
        }
        _bindings = bindings;

        var active = state.ActiveUplink is { } a && bindings.TryGetValue(a, out var activeBinding) ? activeBinding : null;
        var uplinkChanged = !Equals(active?.Source, _activeAddress);
        _activeUplink = active?.Uplink;
        _activeAddress = active?.Source;

        // Tunnels removed from the configuration.
        foreach (var name in _tunnels.Keys.Where(n => wanted.All(t => t.Name != n)).ToList())
        {
            _tunnels.TryRemove(name, out _);
            await runner.InvokeAsync(e => e.RemoveConnection(name)).ConfigureAwait(false);
        }

        var reloaded = configuration.Generation != _generation;
        _generation = configuration.Generation;
        foreach (var t in wanted)
        {
            if (!_tunnels.TryGetValue(t.Name, out var tunnel)) _tunnels[t.Name] = tunnel = new Tunnel(t);
            else if (reloaded) Reconfigure(tunnel, t);
            await ReconcileTunnelAsync(runner, tunnel, active, uplinkChanged).ConfigureAwait(false);
        }
        await runner.QueryAsync(e =>
        {
            foreach (var name in _tunnels.Keys) Publish(e, name);
            return true;
        }).ConfigureAwait(false);
    }

    private async Task ReconcileTunnelAsync(IkeRunner runner, Tunnel tunnel, ProbeBinding? active, bool uplinkChanged)
    {
        var t = tunnel.Config;
        if (tunnel.Settings is null)
        {
            var psk = ReadPsk(tunnel);
            if (psk is null) return;
            var peer = await ResolvePeerAsync(tunnel).ConfigureAwait(false);
            if (t.Peer is not null && peer is null) return;
            IkeConnectionSettings settings;
            try
            {
                settings = TunnelSettings.Build(t, peer, psk);
            }
            catch (FormatException e)
            {
                SetError(tunnel, $"invalid proposals: {e.Message}", "vpn.config.invalid", "Check ikeProposals/espProposals (strongSwan syntax).");
                return;
            }
            tunnel.Settings = settings;
            tunnel.Initiated = null;
            if (tunnel.InEngine && tunnel.Changes is { } changes)
            {
                tunnel.Changes = null;
                ReportReconfigured(t, changes);
                await runner.InvokeAsync(e => e.ReplaceConnection(settings, "the tunnel's configuration changed")).ConfigureAwait(false);
            }
            else
            {
                await runner.InvokeAsync(e => e.AddConnection(settings)).ConfigureAwait(false);
            }
            tunnel.InEngine = true;
        }
        if (!tunnel.Settings.Initiate) { tunnel.Error = null; return; }
        if (active is null)
        {
            tunnel.Error = "no usable uplink";
            return;
        }
        if (uplinkChanged || !Equals(tunnel.Initiated, active.Source))
        {
            tunnel.Initiated = active.Source;
            tunnel.Error = null;
            var name = t.Name;
            var source = active.Source;
            LogInitiating(logger, name, active.Uplink, source);
            await runner.InvokeAsync(e => e.Initiate(name, source)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A reload: a tunnel whose settings changed (or whose key changed in its file) is rebuilt, torn down with DELETE
    /// and brought up again with the new settings; an unchanged one is left exactly as it is.
    /// </summary>
    private void Reconfigure(Tunnel tunnel, TunnelConfig loaded)
    {
        var changes = TunnelConfigChanges.Between(tunnel.Config, loaded).ToList();
        tunnel.Config = loaded;
        if (changes.Count == 0 && tunnel.Settings is { } running)
        {
            byte[]? psk = null;
            try
            {
                psk = TunnelSettings.ReadPsk(loaded.PskFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Unreadable now: keep running with the key we have (the next rebuild reports it).
            }
            if (psk is not null)
            {
                if (!CryptographicOperations.FixedTimeEquals(psk, running.PreSharedKey)) changes.Add("the key in pskFile");
                CryptographicOperations.ZeroMemory(psk);
            }
        }
        if (changes.Count == 0) return;
        tunnel.Settings = null;
        tunnel.Changes = changes;
        tunnel.ReportedError = null;
    }

    private void ReportReconfigured(TunnelConfig t, IReadOnlyList<string> changes)
    {
        var what = string.Join(", ", changes);
        LogReconfigured(logger, t.Name, what);
        events.Append(new EventDraft(EventSeverity.Notice, EventCategory.Vpn, "vpn.tunnel.reconfigured",
            $"Tunnel {t.Name}: {what} changed on reload; its SAs are deleted and "
            + (t.StartAction == "initiate" ? "it is established again with the new settings" : "the peer's next initiation uses the new settings"))
        {
            Subject = t.Name,
            Details = new Dictionary<string, string> { ["changed"] = what },
        });
    }

    private byte[]? ReadPsk(Tunnel tunnel)
    {
        byte[]? psk;
        try
        {
            psk = TunnelSettings.ReadPsk(tunnel.Config.PskFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SetError(tunnel, $"PSK file {tunnel.Config.PskFile} cannot be read ({e.GetType().Name})", "vpn.psk.unreadable",
                $"Is {tunnel.Config.PskFile} readable by root? It must hold the pre-shared key on its first line.");
            return null;
        }
        if (psk is null)
            SetError(tunnel, $"PSK file {tunnel.Config.PskFile} is missing or empty", "vpn.psk.missing",
                $"Create {tunnel.Config.PskFile} (root-only, 0600) with the pre-shared key on its first line; the tunnel starts once it exists.");
        return psk;
    }

    private async Task<IPAddress?> ResolvePeerAsync(Tunnel tunnel)
    {
        if (tunnel.Config.Peer is not { } peer) return null;
        if (IPAddress.TryParse(peer, out var literal)) return literal;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var addresses = await Dns.GetHostAddressesAsync(peer, AddressFamily.InterNetwork, deadline.Token).ConfigureAwait(false);
            if (addresses.Length > 0) return addresses[0];
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
        }
        SetError(tunnel, $"cannot resolve {peer}", "vpn.peer.unresolved", $"Does DNS resolve {peer} through the active uplink? Or configure the hub's address.");
        return null;
    }

    /// <summary>Records why a tunnel is down; the event is written once per distinct reason.</summary>
    private void SetError(Tunnel tunnel, string error, string type, string check)
    {
        tunnel.Error = error;
        if (tunnel.ReportedError == error) return;
        tunnel.ReportedError = error;
        events.Append(new EventDraft(EventSeverity.Error, EventCategory.Vpn, type, $"Tunnel {tunnel.Config.Name}: {error}")
        {
            Subject = tunnel.Config.Name,
            Check = check,
        });
    }

    /// <summary>Refreshes one tunnel's slice of the state (on the IKE loop).</summary>
    private void Publish(IkeEngine engine, string name)
    {
        if (!_tunnels.TryGetValue(name, out var tunnel)) return;
        var sas = TunnelStatus.SasOf(engine, name, time);
        var phase1 = sas.Any(s => s.State == "ESTABLISHED");
        var phase2 = sas.Any(s => s.State == "ESTABLISHED" && s.Children.Any(c => c.State is "INSTALLED" or "REKEYING"));
        var totals = engine.TotalsOf(name);
        var tunnelState = new TunnelState
        {
            Name = name,
            Phase1Up = phase1,
            Phase2Up = phase2,
            Peer = tunnel.Config.Peer,
            StartAction = tunnel.Config.StartAction,
            Uplink = tunnel.Config.StartAction == "initiate" ? _activeUplink : null,
            LastError = phase1 ? null : tunnel.Error,
            Sas = sas,
            // Totals since start (the engine keeps what retired SAs carried), not sums over the SAs present: those
            // dropped at every rekey and reset at every reconnect.
            Counters = new TunnelCounters
            {
                BytesIn = totals.BytesIn,
                BytesOut = totals.BytesOut,
                PacketsIn = totals.PacketsIn,
                PacketsOut = totals.PacketsOut,
                IkeRekeys = totals.IkeRekeys,
                ChildRekeys = totals.ChildRekeys,
            },
        };
        store.Update(s =>
        {
            var others = s.Tunnels.Where(x => x.Name != name && _tunnels.ContainsKey(x.Name));
            // The guard inside the update: the guard service sets its view before it updates the state, so either
            // this update sees the new view or the guard service's update comes after it and patches it.
            var withGuard = guards?.Apply(tunnelState) ?? tunnelState;
            var tunnels = others.Append(withGuard).OrderBy(x => x.Name, StringComparer.Ordinal).ToImmutableArray();
            return tunnels.SequenceEqual(s.Tunnels) ? s : s with { Tunnels = tunnels };
        });
    }

    private sealed class Tunnel(TunnelConfig config)
    {
        public TunnelConfig Config { get; set; } = config;
        public IkeConnectionSettings? Settings { get; set; }
        public IPAddress? Initiated { get; set; }

        /// <summary>The engine holds a connection for it (a later rebuild replaces it instead of adding it).</summary>
        public bool InEngine { get; set; }

        /// <summary>What a reload changed, until the rebuilt settings are applied.</summary>
        public IReadOnlyList<string>? Changes { get; set; }
        public string? Error { get; set; }
        public string? ReportedError { get; set; }
    }
}
