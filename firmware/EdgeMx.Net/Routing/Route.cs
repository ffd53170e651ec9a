using System.Net;
using System.Net.Sockets;

namespace EdgeMx.Net.Routing;

/// <summary>
/// One route (what <c>ip route</c> shows). Routes EdgeMx installs carry <see cref="RouteProtocol.EdgeMx"/> in
/// <see cref="Protocol"/>. The kernel identifies an IPv4 route by table, destination, TOS and metric, so replacing a
/// route with the same table, destination and metric changes it in place.
/// </summary>
public sealed record Route
{
    public required IPNetwork Destination { get; init; }
    public uint Table { get; init; } = RouteTables.Main;
    public IPAddress? Gateway { get; init; }

    /// <summary>Output interface index (RTA_OIF).</summary>
    public int? OutputInterface { get; init; }

    /// <summary>Source address for traffic this route carries (RTA_PREFSRC).</summary>
    public IPAddress? PreferredSource { get; init; }

    /// <summary>RTA_PRIORITY. Null means the kernel default (0 for IPv4, 1024 for IPv6).</summary>
    public uint? Metric { get; init; }

    public byte Protocol { get; init; } = RouteProtocol.EdgeMx;
    public RouteType Type { get; init; } = RouteType.Unicast;

    /// <summary>Null when writing: link scope for routes without a gateway, universe otherwise.</summary>
    public RouteScope? Scope { get; init; }

    /// <summary>RTNH_F_ONLINK: the gateway is on the link even if no prefix says so.</summary>
    public bool OnLink { get; init; }

    public AddressFamily Family => Destination.BaseAddress.AddressFamily;

    public bool IsOurs => Protocol == RouteProtocol.EdgeMx;

    /// <summary>The metric the kernel stores when none is given.</summary>
    public uint EffectiveMetric => Metric ?? (Family == AddressFamily.InterNetworkV6 ? 1024u : 0u);

    public RouteScope EffectiveScope => Scope ?? (Type switch
    {
        RouteType.Local => RouteScope.Host,
        RouteType.Unicast when Gateway is null => RouteScope.Link,
        _ => RouteScope.Universe,
    });

    /// <summary>Same kernel identity: table, destination and metric (the key NLM_F_REPLACE replaces by).</summary>
    public bool SameKey(Route other) =>
        Table == other.Table && Destination.Equals(other.Destination) && EffectiveMetric == other.EffectiveMetric;

    public override string ToString()
    {
        var parts = new List<string> { Type == RouteType.Unicast ? Destination.ToString() : $"{Type.ToString().ToLowerInvariant()} {Destination}" };
        if (Gateway is not null) parts.Add($"via {Gateway}");
        if (OutputInterface is not null) parts.Add($"dev #{OutputInterface}");
        if (PreferredSource is not null) parts.Add($"src {PreferredSource}");
        if (Metric is not null) parts.Add($"metric {Metric}");
        parts.Add($"table {Table}");
        parts.Add($"proto {Protocol}");
        if (OnLink) parts.Add("onlink");
        return string.Join(' ', parts);
    }
}
