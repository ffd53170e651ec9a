using EdgeMx.Net.Routing;

namespace EdgeMx.Appliance.Tunnels.Guard;

/// <summary>Where the guard routes live (rtnetlink in the appliance: <c>Platform.NetlinkGuardRouteTable</c>; a fake in tests).</summary>
public interface IGuardRouteTable
{
    /// <summary>EdgeMx's routes (protocol 77) of the main table, IPv4 and IPv6.</summary>
    Task<IReadOnlyList<Route>> ListOursAsync(CancellationToken cancellationToken);

    /// <summary>Installs or replaces (same table, prefix and metric: one copy).</summary>
    Task ReplaceAsync(Route route, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(Route route, CancellationToken cancellationToken);
}
