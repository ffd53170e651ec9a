using System.Net;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Exchanges;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Engine;

/// <summary>
/// Connections: configuring them, bringing them up and down, reconnecting with back-off after a failure, following
/// redirects (RFC 5685) within the max-redirects window, and handing over to a rekeyed IKE SA.
/// </summary>
public sealed partial class IkeEngine
{
    private readonly Dictionary<string, IkeConnection> _connections = new(StringComparer.Ordinal);

    public IReadOnlyCollection<IkeConnectionSettings> Connections => _connections.Values.Select(c => c.Settings).ToList();

    /// <summary>Adds or replaces a connection. Replacing one keeps its SAs until they are rekeyed or restarted.</summary>
    public IReadOnlyList<IkeAction> AddConnection(IkeConnectionSettings settings)
    {
        if (_connections.TryGetValue(settings.Name, out var existing))
        {
            existing.Settings = settings;
            existing.Gateway = settings.RemoteAddress;
        }
        else
        {
            _connections[settings.Name] = new IkeConnection(settings);
        }
        return Finish();
    }

    /// <summary>
    /// Applies changed settings to a connection at once (a configuration reload): its SAs, negotiated under the old
    /// settings, are deleted (INFORMATIONAL DELETE, RFC 7296 §1.4.1, giving <paramref name="reason"/>) and, if it is
    /// to be up, a new IKE SA with the new settings is initiated from the same address right away. A connection
    /// redirected elsewhere starts over at its configured gateway. Unknown names are added.
    /// </summary>
    public IReadOnlyList<IkeAction> ReplaceConnection(IkeConnectionSettings settings, string reason)
    {
        if (!_connections.TryGetValue(settings.Name, out var connection)) return AddConnection(settings);
        connection.Current = null; // the old SAs go quietly as far as the connection is concerned: no reconnect of their own
        foreach (var sa in _sas.Values.Where(s => s.Name == settings.Name).ToList()) sa.Delete(reason, reconnect: false);
        connection.Settings = settings;
        connection.Gateway = settings.RemoteAddress;
        connection.RedirectedFrom = null;
        connection.Redirects.Clear();
        connection.Failures = 0;
        connection.ReconnectAt = null;
        if (!settings.Initiate) connection.Wanted = false;
        if (connection.Wanted) StartIkeSa(connection);
        return Finish();
    }

    /// <summary>Removes a connection, deleting its SAs.</summary>
    public IReadOnlyList<IkeAction> RemoveConnection(string name)
    {
        TerminateCore(name, "connection removed from the configuration");
        _connections.Remove(name);
        return Finish();
    }

    /// <summary>
    /// Brings a connection up from <paramref name="localAddress"/> (the active uplink's address) and keeps it up:
    /// after a failure it initiates again with back-off, after a redirect it follows.
    /// </summary>
    public IReadOnlyList<IkeAction> Initiate(string name, IPAddress localAddress)
    {
        var connection = Get(name);
        connection.Wanted = true;
        connection.Failures = 0;
        connection.ReconnectAt = null;
        if (!Equals(connection.LocalAddress, localAddress) && connection.Current is { } old)
        {
            // The uplink changed: the old SA cannot be used from the new address.
            connection.Current = null;
            old.Delete("the uplink changed", reconnect: false);
        }
        connection.LocalAddress = localAddress;
        if (connection.Current is null) StartIkeSa(connection);
        return Finish();
    }

    /// <summary>Takes a connection down (deleting its SAs) and keeps it down.</summary>
    public IReadOnlyList<IkeAction> Terminate(string name)
    {
        TerminateCore(name, "terminated locally");
        return Finish();
    }

    private void TerminateCore(string name, string reason)
    {
        if (_connections.TryGetValue(name, out var connection))
        {
            connection.Wanted = false;
            connection.ReconnectAt = null;
        }
        foreach (var sa in _sas.Values.Where(s => s.Name == name).ToList()) sa.Delete(reason, reconnect: false);
    }

    /// <summary>Rekeys the connection's IKE SA now (operator command, tests).</summary>
    public IReadOnlyList<IkeAction> RekeyIkeSa(string name)
    {
        foreach (var sa in EstablishedSas(name).Take(1))
            if (!sa.IsQueuedOrActive(e => e is IkeRekeyExchange)) sa.Queue(new IkeRekeyExchange(sa));
        return Finish();
    }

    /// <summary>Rekeys the named CHILD_SA now.</summary>
    public IReadOnlyList<IkeAction> RekeyChildSa(string name, string child)
    {
        foreach (var sa in EstablishedSas(name))
        foreach (var c in sa.Children.Where(c => c.Name == child && c.State == ChildSaState.Installed).ToList())
        {
            c.State = ChildSaState.Rekeying;
            sa.Queue(new ChildRekeyExchange(sa, c));
        }
        return Finish();
    }

    /// <summary>Deletes the named CHILD_SA (its IKE SA stays up).</summary>
    public IReadOnlyList<IkeAction> DeleteChildSa(string name, string child)
    {
        foreach (var sa in EstablishedSas(name))
        foreach (var c in sa.Children.Where(c => c.Name == child && c.State == ChildSaState.Installed).ToList())
        {
            c.State = ChildSaState.Deleting;
            sa.Queue(new DeleteChildSaExchange(c, "deleted locally"));
        }
        return Finish();
    }

    /// <summary>As a gateway: redirects the clients of this connection to <paramref name="gateway"/> (RFC 5685 §6).</summary>
    public IReadOnlyList<IkeAction> Redirect(string name, IPAddress gateway)
    {
        foreach (var sa in EstablishedSas(name).Where(s => !s.IsOriginalInitiator && s.PeerSupportsRedirect))
            sa.Queue(new RedirectExchange(gateway));
        return Finish();
    }

    /// <summary>Sends a liveness check now (DPD on demand from the operator or a health policy).</summary>
    public IReadOnlyList<IkeAction> CheckLiveness(string name)
    {
        foreach (var sa in EstablishedSas(name))
            if (!sa.IsQueuedOrActive(e => e is DpdExchange)) sa.Queue(new DpdExchange());
        return Finish();
    }

    private IEnumerable<IkeSa> EstablishedSas(string name) =>
        _sas.Values.Where(s => s.Name == name && s.State == IkeSaState.Established).ToList();

    private IkeConnection Get(string name) =>
        _connections.TryGetValue(name, out var connection)
            ? connection
            : throw new ArgumentException($"no connection named '{name}'", nameof(name));

    internal void StartIkeSa(IkeConnection connection)
    {
        if (connection.Gateway is null || connection.LocalAddress is null) return;
        var local = new IPEndPoint(connection.LocalAddress, Options.IkePort);
        var remote = new IPEndPoint(connection.Gateway, connection.Settings.RemotePort);
        var sa = new IkeSa(this, connection.Settings, originalInitiator: true, AllocateIkeSpi(), 0, local, remote)
        {
            Connection = connection,
        };
        connection.Current = sa;
        Register(sa);
        Emit(new ReportEvent(IkeEvents.Initiating(sa.Name, local, remote, ProposalParser.Format(connection.Settings.IkeProposals))));
        sa.Queue(new IkeSaInitExchange(sa, connection.RedirectedFrom));
        sa.Changed();
    }

    internal void OnIkeSaEstablished(IkeSa sa)
    {
        Counters.IkeSasEstablished++;
        RemoveHalfOpen(sa);
        if (sa.Connection is { } connection)
        {
            connection.Failures = 0;
            connection.RedirectedFrom = null;
        }
    }

    /// <summary>An SA closed: if it served a wanted connection, initiate again (immediately when it had been up,
    /// with back-off when it never came up) unless the close said not to.</summary>
    internal void OnIkeSaClosed(IkeSa sa, bool reconnect)
    {
        if (sa.Connection is not { } connection || !ReferenceEquals(connection.Current, sa)) return;
        connection.Current = null;
        if (sa.EstablishedAt is null && connection.RedirectedFrom is { } from && connection.Gateway is { } target
            && !target.Equals(connection.Settings.RemoteAddress))
        {
            // RFC 5685 leaves the failure of a redirect to the client. A gateway that sends us somewhere that does not
            // answer or does not accept us must not strand the tunnel there: go back to the configured gateway.
            sa.Report(IkeEvents.RedirectFailed(sa.Name, from, target, sa.CloseReason ?? "it failed", connection.Settings.RemoteAddress));
            connection.Gateway = connection.Settings.RemoteAddress;
            connection.RedirectedFrom = null;
        }
        if (!connection.Wanted) return;
        if (!reconnect)
        {
            connection.Wanted = false;
            return;
        }
        TimeSpan delay;
        if (sa.EstablishedAt is not null)
        {
            connection.Failures = 0;
            delay = TimeSpan.Zero;
        }
        else
        {
            connection.Failures++;
            delay = Backoff(connection.Settings, connection.Failures);
        }
        connection.ReconnectAt = Clock.After(delay);
    }

    /// <summary>The peer stopped answering on an established SA.</summary>
    internal void OnPeerDead(IkeSa sa, string reason) =>
        sa.Close(reason, reconnect: sa.Settings.Dpd.Action == DeadPeerAction.Restart);

    /// <summary>
    /// Follows a REDIRECT (client side, RFC 5685): to an address only (seed 004: redirects name IP addresses), at
    /// most <see cref="RedirectSettings.MaxRedirects"/> times within the window; the next IKE_SA_INIT carries
    /// REDIRECTED_FROM with the gateway that sent us away, and the old SA is deleted without waiting for it.
    /// </summary>
    internal void FollowRedirect(IkeSa sa, RedirectData data, string during)
    {
        if (sa.Connection is not { } connection || !ReferenceEquals(connection.Current, sa)) return;
        var settings = connection.Settings.Redirect;
        if (data.Address is not { } target)
        {
            sa.Report(IkeEvents.RedirectIgnored(sa.Name, sa.Remote, data.Gateway, "redirects to a name (FQDN) are not supported, only to addresses",
                RedirectRefusal.Name));
            if (sa.State == IkeSaState.Connecting) sa.Close("redirect to an FQDN", reconnect: true, report: false);
            return;
        }
        if (!IsUsableGateway(target))
        {
            // A peer that lies: nothing can be reached at a loopback, unspecified, multicast or broadcast address.
            sa.Report(IkeEvents.RedirectIgnored(sa.Name, sa.Remote, target.ToString(), "it is not a unicast address of a gateway",
                RedirectRefusal.UnusableAddress));
            if (sa.State == IkeSaState.Connecting) sa.Close("redirect to an unusable address", reconnect: true, report: false);
            return;
        }
        var now = Clock.Now;
        var window = Clock.ToTicks(settings.Window);
        while (connection.Redirects.Count > 0 && now - connection.Redirects.Peek() > window) connection.Redirects.Dequeue();
        if (connection.Redirects.Count >= settings.MaxRedirects)
        {
            sa.Report(IkeEvents.RedirectLoop(sa.Name, sa.Remote, target.ToString(), connection.Redirects.Count, settings.Window));
            connection.Gateway = connection.Settings.RemoteAddress;
            connection.RedirectedFrom = null;
            if (sa.EstablishedAt is not null) sa.Delete("redirect loop", reconnect: true);
            else sa.Close("redirect loop", reconnect: true, report: false);
            return;
        }
        connection.Redirects.Enqueue(now);
        sa.Report(IkeEvents.Redirected(sa.Name, sa.Remote, target.ToString(), during));
        var from = sa.Remote.Address;
        connection.Current = null;
        if (sa.EstablishedAt is not null) sa.Delete("redirected to another gateway", reconnect: false);
        else sa.Close("redirected to another gateway", reconnect: false, report: false);
        connection.Gateway = target;
        connection.RedirectedFrom = from;
        connection.Wanted = true;
        StartIkeSa(connection);
    }

    private static bool IsUsableGateway(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.Equals(IPAddress.Broadcast) || address.IsIPv6Multicast) return false;
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork) return true;
        var first = address.GetAddressBytes()[0];
        return first is not (0 or >= 224); // 0/8 "this network", 224/4 multicast, 240/4 reserved (RFC 1122, RFC 5771)
    }

    /// <summary>Creates the IKE SA that replaces <paramref name="old"/> after a rekey (RFC 7296 §2.18).</summary>
    internal IkeSa CreateRekeyedSa(IkeSa old, bool originalInitiator, ulong spiI, ulong spiR, byte[] nonceI, byte[] nonceR,
        SelectedProposal proposal, byte[] sharedSecret)
    {
        var sa = new IkeSa(this, old.Settings, originalInitiator, spiI, spiR, old.Local, old.Remote)
        {
            NonceI = nonceI,
            NonceR = nonceR,
            PeerId = old.PeerId,
            PeerSupportsRedirect = old.PeerSupportsRedirect,
            RekeyCount = old.RekeyCount + 1,
        };
        sa.CopyNatState(old);
        IkeKeying.DeriveRekeyed(sa, old, proposal, sharedSecret);
        sa.State = IkeSaState.Established;
        sa.EstablishedAt = Clock.Now;
        sa.StartEstablishedTimers();
        Register(sa);
        return sa;
    }

    /// <summary>
    /// The rekey is decided: <paramref name="replacement"/> takes over the CHILD_SAs and the connection; the old SA
    /// is deleted by us, or waits for the peer's delete (and goes away by itself if that never comes).
    /// </summary>
    internal void CompleteIkeRekey(IkeSa old, IkeSa replacement, bool weDeleteOld)
    {
        if (old.State == IkeSaState.Closed || replacement.State == IkeSaState.Closed) return;
        if (old.State != IkeSaState.Rekeying) CountIkeRekey(old.Name);
        replacement.AdoptChildren(old);
        old.HandOverQueued(replacement);
        if (old.Connection is { } connection && ReferenceEquals(connection.Current, old))
        {
            connection.Current = replacement;
            replacement.Connection = connection;
        }
        old.State = IkeSaState.Rekeying;
        old.Report(IkeEvents.IkeRekeyed(old.Name, old.SpiI, old.SpiR, replacement.SpiI, replacement.SpiR, replacement.Proposal!.Name));
        if (weDeleteOld) old.Queue(new DeleteIkeSaExchange("rekeyed", reconnect: false, report: false));
        else old.Defer(TimeSpan.FromSeconds(30), () => old.Close("replaced by a rekey", reconnect: false, report: false));
        old.Changed();
        replacement.Changed();
        Touch(old);
        Touch(replacement);
    }
}
