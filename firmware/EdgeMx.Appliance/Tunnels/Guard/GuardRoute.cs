using System.Net;
using EdgeMx.Net.Routing;

namespace EdgeMx.Appliance.Tunnels.Guard;

/// <summary>
/// The shape of a guard route and who owns it. A guard is `unreachable PREFIX proto 77 metric 1000000` in the main
/// table: while the ESP data plane's route for the prefix exists (user space: `dev emx-esp0 proto 77 metric 50`,
/// <c>UserSpaceDataPlaneOptions.RouteMetric</c>) it wins by its lower metric; when it goes (no CHILD_SA yet, a
/// delete, a dead hub, a failed rekey) the kernel finds the guard instead of the uplink's default route, drops the
/// packet and answers the LAN host with ICMP destination unreachable (code 1, host unreachable — the kernel's answer
/// for an `unreachable` route; ICMPv6 code 0, no route) and the appliance's own sockets with EHOSTUNREACH. Nothing
/// leaves unencrypted (seed 000: without DIA, off by default, traffic for a down tunnel is not sent to the internet).
/// </summary>
public static class GuardRoute
{
    /// <summary>
    /// Above the data plane's 50 so its routes win, and above anything an operator or the OS gives a route by default
    /// (IPv4 0, IPv6 1024), so an explicit route for the same prefix also wins; the uplink router's default route
    /// (metric 0) never competes, being a /0.
    /// </summary>
    public const uint Metric = 1_000_000;

    /// <summary>How status shows the guard's shape.</summary>
    public static readonly string Shape = $"unreachable metric {Metric} proto {RouteProtocol.EdgeMx}";

    public static Route For(IPNetwork prefix) => new()
    {
        Destination = prefix,
        Table = RouteTables.Main,
        Metric = Metric,
        Type = RouteType.Unreachable,
        Protocol = RouteProtocol.EdgeMx,
    };

    /// <summary>
    /// Whether a route is the guard's to reconcile: EdgeMx's (protocol 77) `unreachable` routes in the main table,
    /// whatever their metric (an older build's). Nothing else of EdgeMx installs that type there — the uplink router
    /// owns the uplink tables and the main default route at metric 0 (NetlinkUplinkRouter.IsUplinkRoute), the data
    /// plane its unicast routes into its device — so no owner deletes another's (the confusion of 818994d/37c607d).
    /// </summary>
    public static bool IsGuard(Route route) =>
        route.IsOurs && route.Table == RouteTables.Main && route.Type == RouteType.Unreachable;

    /// <summary>Exactly this build's guard for the route's prefix.</summary>
    public static bool IsExact(Route route) => IsGuard(route) && route.EffectiveMetric == Metric;
}
