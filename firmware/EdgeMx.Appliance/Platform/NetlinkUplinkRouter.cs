using System.Net;
using System.Net.Sockets;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Net.Links;
using EdgeMx.Net.Routing;

namespace EdgeMx.Appliance.Platform;

/// <summary>
/// <see cref="IUplinkRouter"/> over rtnetlink (EdgeMx.Net). Everything it installs carries the EdgeMx protocol marker
/// (77), and it only ever lists, replaces or deletes routes and rules with that marker, so routes of the OS, a DHCP
/// client or an operator are never touched. Applying a plan reconciles against the kernel each time, so state left by
/// a crash, or routes the kernel flushed when a port went down, are corrected by the next apply.
/// </summary>
public sealed class NetlinkUplinkRouter : IUplinkRouter, IDisposable
{
    /// <summary>
    /// Metric of EdgeMx's default route in the main table. 0 is the lowest, so it wins over a DHCP client's default
    /// route (dhcpcd uses 200+, NetworkManager 100+, systemd-networkd 1024); a foreign default route with metric 0
    /// (dhclient) is refused, not overwritten, and reported.
    /// </summary>
    public const uint DefaultRouteMetric = 0;

    private readonly RouteTable _routes;
    private readonly RuleTable _rules;
    private readonly LinkTable _links;
    private readonly UplinkPolicyRouting _policy;

    public NetlinkUplinkRouter()
    {
        _routes = RouteTable.Open();
        _rules = RuleTable.Open();
        _links = LinkTable.Open();
        _policy = new UplinkPolicyRouting(_routes, _rules);
    }

    public async Task ApplyAsync(RoutingPlan plan, CancellationToken cancellationToken)
    {
        var uplinks = plan.Uplinks.ToDictionary(u => u.Name, ToRouting);

        // The default route first: in a failover it is the one change that matters, so it goes out before anything else.
        Route? defaultRoute = null;
        if (plan.DefaultVia is { } active && uplinks.TryGetValue(active, out var via))
        {
            await _policy.SetDefaultRouteAsync(via, DefaultRouteMetric, RouteTables.Main, cancellationToken).ConfigureAwait(false);
            defaultRoute = new Route { Destination = Net.Prefix.Default(AddressFamily.InterNetwork), Table = RouteTables.Main, Metric = DefaultRouteMetric };
        }

        foreach (var uplink in uplinks.Values)
        {
            await _policy.InstallAsync(uplink, cancellationToken).ConfigureAwait(false);
        }

        // Whatever of ours the plan does not want goes: uplinks removed from the config, a port without an address, the
        // default route when nothing is usable, anything a crashed earlier run left behind.
        var wantedRoutes = uplinks.Values.SelectMany(UplinkPolicyRouting.RoutesFor).ToList();
        if (defaultRoute is not null) wantedRoutes.Add(defaultRoute);
        foreach (var route in await _routes.ListOursAsync(AddressFamily.Unspecified, null, cancellationToken).ConfigureAwait(false))
        {
            if (IsUplinkRoute(route) && !wantedRoutes.Any(w => w.SameKey(route)))
                await _routes.DeleteAsync(route, cancellationToken).ConfigureAwait(false);
        }
        var wantedRules = uplinks.Values.Select(UplinkPolicyRouting.RuleFor).ToList();
        foreach (var rule in await _rules.ListOursAsync(AddressFamily.Unspecified, cancellationToken).ConfigureAwait(false))
        {
            if (!wantedRules.Contains(rule))
                await _rules.DeleteAsync(rule, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether one of our routes (protocol 77) is this router's to reconcile: everything in the uplinks' own tables,
    /// and in the main table only the default route at <see cref="DefaultRouteMetric"/>. The other protocol-77 routes
    /// in the main table are the ESP data plane's routes to the hubs' subnets through its tunnel device (its own
    /// metric, even for a full tunnel's default route) and the tunnel guard's `unreachable` routes (metric 1000000,
    /// <c>Tunnels.Guard.GuardRoute</c>): taking the former for leftovers deleted them on every reload or failover
    /// while the SAs stayed up, and the LAN's traffic for the hubs left through the default route, unencrypted.
    /// </summary>
    public static bool IsUplinkRoute(Route route) =>
        route.Table != RouteTables.Main || (route.Destination.PrefixLength == 0 && route.EffectiveMetric == DefaultRouteMetric);

    /// <summary>
    /// A clean stop: this router's rules and routes go (<see cref="IsUplinkRoute"/>), the other protocol-77 routes stay
    /// with their owners — the tunnel guard service removes its guard routes after this, so traffic for a tunnel is
    /// refused until nothing routes to the internet any more, and the data plane's routes go with its device.
    /// </summary>
    public async Task<int> RemoveAllAsync(CancellationToken cancellationToken)
    {
        var removed = await _rules.RemoveOursAsync(null, cancellationToken).ConfigureAwait(false);
        foreach (var route in await _routes.ListOursAsync(AddressFamily.Unspecified, null, cancellationToken).ConfigureAwait(false))
            if (IsUplinkRoute(route) && await _routes.DeleteAsync(route, cancellationToken).ConfigureAwait(false)) removed++;
        return removed;
    }

    public async Task<bool> EnsureAddressAsync(int interfaceIndex, IPAddress address, int prefixLength, CancellationToken cancellationToken)
    {
        var present = await _links.GetAddressesAsync(interfaceIndex, AddressFamily.InterNetwork, cancellationToken).ConfigureAwait(false);
        if (present.Any(a => a.Address.Equals(address) && a.PrefixLength == prefixLength)) return false;
        await _links.AddAddressAsync(interfaceIndex, address, prefixLength, cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task RemoveAddressAsync(int interfaceIndex, IPAddress address, int prefixLength, CancellationToken cancellationToken) =>
        _links.RemoveAddressAsync(interfaceIndex, address, prefixLength, cancellationToken);

    public async Task<IPAddress?> FindOsGatewayAsync(int interfaceIndex, CancellationToken cancellationToken)
    {
        var main = await _routes.ListAsync(AddressFamily.InterNetwork, RouteTables.Main, cancellationToken).ConfigureAwait(false);
        return main
            .Where(r => !r.IsOurs && r.Destination.PrefixLength == 0 && r.OutputInterface == interfaceIndex && r.Gateway is not null)
            .OrderBy(r => r.Metric ?? 0)
            .Select(r => r.Gateway)
            .FirstOrDefault();
    }

    public void Dispose()
    {
        _routes.Dispose();
        _rules.Dispose();
        _links.Dispose();
    }

    private static UplinkRouting ToRouting(UplinkRoute u) => new()
    {
        InterfaceIndex = u.InterfaceIndex,
        Address = u.Address,
        PrefixLength = u.PrefixLength,
        Gateway = u.Gateway,
        Table = u.Table,
        RulePriority = u.RulePriority,
    };
}
