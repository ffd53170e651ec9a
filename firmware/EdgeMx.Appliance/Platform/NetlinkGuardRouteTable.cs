using System.Net.Sockets;
using EdgeMx.Appliance.Tunnels.Guard;
using EdgeMx.Net;
using EdgeMx.Net.Routing;

namespace EdgeMx.Appliance.Platform;

/// <summary><see cref="IGuardRouteTable"/> over rtnetlink, in the appliance's namespace (or a test's).</summary>
public sealed class NetlinkGuardRouteTable(NetworkNamespace? ns = null) : IGuardRouteTable, IDisposable
{
    private readonly RouteTable _routes = RouteTable.Open(ns);

    public Task<IReadOnlyList<Route>> ListOursAsync(CancellationToken cancellationToken) =>
        _routes.ListOursAsync(AddressFamily.Unspecified, RouteTables.Main, cancellationToken);

    public Task ReplaceAsync(Route route, CancellationToken cancellationToken) => _routes.ReplaceAsync(route, cancellationToken);

    public Task<bool> DeleteAsync(Route route, CancellationToken cancellationToken) => _routes.DeleteAsync(route, cancellationToken);

    public void Dispose() => _routes.Dispose();
}
