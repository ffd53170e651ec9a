using System.Net;

namespace EdgeMx.Appliance.Uplinks;

/// <summary>Programs the kernel's routes, rules and addresses for the uplinks (rtnetlink; never by running `ip`).</summary>
public interface IUplinkRouter
{
    /// <summary>Makes EdgeMx's routes and rules exactly what <paramref name="plan"/> says (idempotent, removes stale ones).</summary>
    Task ApplyAsync(RoutingPlan plan, CancellationToken cancellationToken);

    /// <summary>Removes every route and rule EdgeMx installed (its protocol marker); returns how many went.</summary>
    Task<int> RemoveAllAsync(CancellationToken cancellationToken);

    /// <summary>Puts a static address on the interface; false when it was already there (then it is not ours to remove).</summary>
    Task<bool> EnsureAddressAsync(int interfaceIndex, IPAddress address, int prefixLength, CancellationToken cancellationToken);

    Task RemoveAddressAsync(int interfaceIndex, IPAddress address, int prefixLength, CancellationToken cancellationToken);

    /// <summary>For "os" addressing without a configured gateway: the next hop of a default route someone else (a
    /// DHCP client) installed on that interface, or null.</summary>
    Task<IPAddress?> FindOsGatewayAsync(int interfaceIndex, CancellationToken cancellationToken);
}
