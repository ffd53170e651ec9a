using System.Net;
using System.Net.Sockets;
using EdgeMx.Net.Netlink;

namespace EdgeMx.Net.Links;

/// <summary>
/// Queries and changes interfaces and their addresses over rtnetlink (what <c>ip link</c> / <c>ip addr</c> do).
/// The table works in the namespace its socket was opened in; calls are serialised on that socket.
/// </summary>
public sealed class LinkTable : IDisposable
{
    private readonly NetlinkSocket _socket;
    private readonly bool _ownsSocket;
    private readonly NetlinkMessageWriter _writer = new();
    private readonly SemaphoreSlim _writerGate = new(1, 1);

    public LinkTable(NetlinkSocket socket, bool ownsSocket = false)
    {
        _socket = socket;
        _ownsSocket = ownsSocket;
    }

    /// <summary>Opens a table on its own netlink socket, in <paramref name="ns"/> or in the caller's namespace.</summary>
    public static LinkTable Open(NetworkNamespace? ns = null) =>
        new(ns is null ? NetlinkSocket.Open() : ns.Run(() => NetlinkSocket.Open()), ownsSocket: true);

    public async Task<IReadOnlyList<LinkInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        await Send(w => LinkMessages.WriteLinkRequest(w, NetlinkMessageType.GetLink, NetlinkFlags.None, 0, 0, 0, end: true),
            w => _socket.DumpAsync(w, "RTM_GETLINK (dump links)", LinkMessages.ReadLink, cancellationToken), cancellationToken).ConfigureAwait(false);

    /// <summary>The link called <paramref name="name"/>, or null when there is none.</summary>
    public Task<LinkInfo?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        LinkMessages.CheckName(name);
        return Send(w =>
        {
            LinkMessages.WriteLinkRequest(w, NetlinkMessageType.GetLink, NetlinkFlags.None, 0);
            w.AddString(LinkAttribute.Name, name);
            w.End();
        }, w => _socket.QueryAsync(w, $"RTM_GETLINK ({name})", LinkMessages.ReadLink, cancellationToken), cancellationToken);
    }

    /// <summary>The link with index <paramref name="index"/>, or null when there is none.</summary>
    public Task<LinkInfo?> GetAsync(int index, CancellationToken cancellationToken = default)
    {
        if (index <= 0) throw new ArgumentOutOfRangeException(nameof(index), "interface indexes start at 1");
        return Send(w => LinkMessages.WriteLinkRequest(w, NetlinkMessageType.GetLink, NetlinkFlags.None, index, 0, 0, end: true),
            w => _socket.QueryAsync(w, $"RTM_GETLINK (index {index})", LinkMessages.ReadLink, cancellationToken), cancellationToken);
    }

    /// <summary>The index of <paramref name="name"/>; throws when the interface does not exist.</summary>
    public async Task<int> GetIndexAsync(string name, CancellationToken cancellationToken = default) =>
        (await GetAsync(name, cancellationToken).ConfigureAwait(false))?.Index
        ?? throw new NetlinkException($"RTM_GETLINK ({name})", NetlinkException.ENODEV, $"no interface called {name}");

    public async Task<int> GetMtuAsync(string name, CancellationToken cancellationToken = default) =>
        (await GetAsync(name, cancellationToken).ConfigureAwait(false))?.Mtu
        ?? throw new NetlinkException($"RTM_GETLINK ({name})", NetlinkException.ENODEV, $"no interface called {name}");

    /// <summary>Addresses of one interface (or of all when <paramref name="index"/> is null), IPv4 and IPv6.</summary>
    public async Task<IReadOnlyList<InterfaceAddress>> GetAddressesAsync(int? index = null, AddressFamily family = AddressFamily.Unspecified,
        CancellationToken cancellationToken = default)
    {
        var all = await Send(w =>
        {
            w.Reset();
            w.Begin(NetlinkMessageType.GetAddress, NetlinkFlags.None);
            new IfAddrMessage(LinkMessages.ToWire(family), 0, 0, 0, 0).Write(w.Reserve(IfAddrMessage.Size));
            w.End();
        }, w => _socket.DumpAsync(w, "RTM_GETADDR (dump addresses)", LinkMessages.ReadAddress, cancellationToken), cancellationToken).ConfigureAwait(false);
        return all.Where(a => index is null || a.InterfaceIndex == index).Where(a => family == AddressFamily.Unspecified || a.Address.AddressFamily == family).ToList();
    }

    public async Task<IReadOnlyList<InterfaceAddress>> GetAddressesAsync(string name, AddressFamily family = AddressFamily.Unspecified,
        CancellationToken cancellationToken = default) =>
        await GetAddressesAsync(await GetIndexAsync(name, cancellationToken).ConfigureAwait(false), family, cancellationToken).ConfigureAwait(false);

    /// <summary>Sets the interface administratively up or down (IFF_UP), like <c>ip link set dev X up|down</c>.</summary>
    public Task SetUpAsync(int index, bool up, CancellationToken cancellationToken = default) =>
        Send(w => LinkMessages.WriteLinkRequest(w, NetlinkMessageType.NewLink, NetlinkFlags.None, index, up ? (uint)LinkFlags.Up : 0, (uint)LinkFlags.Up, end: true),
            w => _socket.RequestAsync(w, $"RTM_NEWLINK (index {index} {(up ? "up" : "down")})", cancellationToken), cancellationToken);

    public async Task SetUpAsync(string name, bool up, CancellationToken cancellationToken = default) =>
        await SetUpAsync(await GetIndexAsync(name, cancellationToken).ConfigureAwait(false), up, cancellationToken).ConfigureAwait(false);

    public Task SetMtuAsync(int index, int mtu, CancellationToken cancellationToken = default)
    {
        if (mtu < 68 || mtu > 65535) throw new ArgumentOutOfRangeException(nameof(mtu), $"MTU {mtu} outside 68..65535");
        return Send(w =>
        {
            LinkMessages.WriteLinkRequest(w, NetlinkMessageType.NewLink, NetlinkFlags.None, index);
            w.AddUInt32(LinkAttribute.Mtu, (uint)mtu);
            w.End();
        }, w => _socket.RequestAsync(w, $"RTM_NEWLINK (index {index} mtu {mtu})", cancellationToken), cancellationToken);
    }

    public async Task SetMtuAsync(string name, int mtu, CancellationToken cancellationToken = default) =>
        await SetMtuAsync(await GetIndexAsync(name, cancellationToken).ConfigureAwait(false), mtu, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Adds an address; when it is already there nothing changes (NLM_F_REPLACE), so calling it twice is harmless.
    /// <paramref name="skipDuplicateDetection"/> sets IFA_F_NODAD so an IPv6 address is usable at once.
    /// </summary>
    public Task AddAddressAsync(int index, IPAddress address, int prefixLength, bool skipDuplicateDetection = false,
        CancellationToken cancellationToken = default) =>
        Send(w => LinkMessages.WriteAddressRequest(w, NetlinkMessageType.NewAddress, NetlinkFlags.Create | NetlinkFlags.Replace, index, address,
                prefixLength, skipDuplicateDetection ? InterfaceAddress.FlagNoDad : 0),
            w => _socket.RequestAsync(w, $"RTM_NEWADDR ({address}/{prefixLength} on index {index})", cancellationToken), cancellationToken);

    /// <summary>Removes an address; returns false when it was not there.</summary>
    public async Task<bool> RemoveAddressAsync(int index, IPAddress address, int prefixLength, CancellationToken cancellationToken = default)
    {
        try
        {
            await Send(w => LinkMessages.WriteAddressRequest(w, NetlinkMessageType.DeleteAddress, NetlinkFlags.None, index, address, prefixLength, 0),
                w => _socket.RequestAsync(w, $"RTM_DELADDR ({address}/{prefixLength} on index {index})", cancellationToken), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NetlinkException e) when (e.NotFound)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_ownsSocket) _socket.Dispose();
        _writerGate.Dispose();
    }

    // One writer per table, so building and sending happen under one lock.
    private async Task<T> Send<T>(Action<NetlinkMessageWriter> build, Func<NetlinkMessageWriter, Task<T>> send, CancellationToken cancellationToken)
    {
        await _writerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            build(_writer);
            return await send(_writer).ConfigureAwait(false);
        }
        finally
        {
            _writerGate.Release();
        }
    }

    private async Task Send(Action<NetlinkMessageWriter> build, Func<NetlinkMessageWriter, Task> send, CancellationToken cancellationToken) =>
        await Send(build, async w => { await send(w).ConfigureAwait(false); return true; }, cancellationToken).ConfigureAwait(false);
}
