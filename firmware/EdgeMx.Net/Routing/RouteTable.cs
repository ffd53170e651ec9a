using System.Net.Sockets;
using EdgeMx.Net.Netlink;

namespace EdgeMx.Net.Routing;

/// <summary>
/// Adds, replaces, deletes and lists routes over rtnetlink (what <c>ip route</c> does), in the namespace its socket
/// was opened in. Clean-up helpers only ever touch routes carrying <see cref="RouteProtocol.EdgeMx"/>.
/// </summary>
public sealed class RouteTable : NetlinkTable
{
    public RouteTable(NetlinkSocket socket, bool ownsSocket = false) : base(socket, ownsSocket) { }

    public static RouteTable Open(NetworkNamespace? ns = null) =>
        new(ns is null ? NetlinkSocket.Open() : ns.Run(() => NetlinkSocket.Open()), ownsSocket: true);

    /// <summary>Adds a route; fails with EEXIST (<see cref="NetlinkException.AlreadyExists"/>) when its key is taken.</summary>
    public Task AddAsync(Route route, CancellationToken cancellationToken = default) =>
        SendAsync(w => RouteMessages.Write(w, NetlinkMessageType.NewRoute, NetlinkFlags.Create | NetlinkFlags.Exclusive, route),
            w => Socket.RequestAsync(w, $"RTM_NEWROUTE (add {route})", cancellationToken), cancellationToken);

    /// <summary>
    /// Installs a route, replacing the one with the same table, destination and metric if there is one: calling it
    /// again leaves exactly one route. It replaces whatever holds that key, so give EdgeMx's routes their own
    /// metric (or table).
    /// </summary>
    public Task ReplaceAsync(Route route, CancellationToken cancellationToken = default) =>
        SendAsync(w => RouteMessages.Write(w, NetlinkMessageType.NewRoute, NetlinkFlags.Create | NetlinkFlags.Replace, route),
            w => Socket.RequestAsync(w, $"RTM_NEWROUTE (replace {route})", cancellationToken), cancellationToken);

    /// <summary>
    /// Deletes the route matching <paramref name="route"/> (its protocol included, so only a route of that origin
    /// matches). Returns false when there was none.
    /// </summary>
    public async Task<bool> DeleteAsync(Route route, CancellationToken cancellationToken = default)
    {
        try
        {
            await SendAsync(w => RouteMessages.Write(w, NetlinkMessageType.DeleteRoute, NetlinkFlags.None, route),
                w => Socket.RequestAsync(w, $"RTM_DELROUTE ({route})", cancellationToken), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NetlinkException e) when (e.NotFound)
        {
            return false;
        }
    }

    /// <summary>Every route of <paramref name="family"/> (both when unspecified), optionally only of one table.</summary>
    public async Task<IReadOnlyList<Route>> ListAsync(AddressFamily family = AddressFamily.Unspecified, uint? table = null,
        CancellationToken cancellationToken = default)
    {
        var all = await SendAsync(w => RouteMessages.WriteDump(w, family),
            w => Socket.DumpAsync(w, $"RTM_GETROUTE (dump {Describe(family)} routes)", RouteMessages.Read, cancellationToken), cancellationToken).ConfigureAwait(false);
        return all.Where(r => table is null || r.Table == table).ToList();
    }

    /// <summary>The routes EdgeMx installed (protocol <see cref="RouteProtocol.EdgeMx"/>).</summary>
    public async Task<IReadOnlyList<Route>> ListOursAsync(AddressFamily family = AddressFamily.Unspecified, uint? table = null,
        CancellationToken cancellationToken = default) =>
        (await ListAsync(family, table, cancellationToken).ConfigureAwait(false)).Where(r => r.IsOurs).ToList();

    /// <summary>Deletes every route EdgeMx installed (in one table, or everywhere); returns how many went.</summary>
    public async Task<int> RemoveOursAsync(uint? table = null, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var route in await ListOursAsync(AddressFamily.Unspecified, table, cancellationToken).ConfigureAwait(false))
            if (await DeleteAsync(route, cancellationToken).ConfigureAwait(false)) removed++;
        return removed;
    }

    private static string Describe(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => "IPv4",
        AddressFamily.InterNetworkV6 => "IPv6",
        _ => "all",
    };
}
