using System.Net;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Net;
using EdgeMx.Net.Routing;

namespace EdgeMx.Esp.Backends.UserSpace;

/// <summary>Settings of the user-space backend.</summary>
public sealed record UserSpaceDataPlaneOptions
{
    /// <summary>The TUN device carrying inner packets (at most 15 characters).</summary>
    public string TunName { get; init; } = "emx-esp0";

    /// <summary>Where the device, routes and sockets live (tests); null = the process's namespace.</summary>
    public NetworkNamespace? Namespace { get; init; }

    /// <summary>Routing table for the routes to the remote protected subnets (they carry protocol EdgeMx).</summary>
    public uint RouteTable { get; init; } = RouteTables.Main;

    public uint RouteMetric { get; init; } = 50;

    /// <summary>
    /// Source address for traffic the appliance itself sends into the tunnel (RTA_PREFSRC on the routes): a LAN
    /// address, so that it falls inside the negotiated local traffic selector.
    /// </summary>
    public IPAddress? RouteSource { get; init; }

    public EspPathOptions Path { get; init; } = new();

    /// <summary>Used when the uplink of a CHILD_SA's local address cannot be found.</summary>
    public int DefaultUplinkMtu { get; init; } = 1500;

    /// <summary>Open an IP protocol 50 socket for CHILD_SAs without UDP encapsulation.</summary>
    public bool RawEsp { get; init; } = true;

    /// <summary>How often lifetimes are checked.</summary>
    public TimeSpan LifetimeCheckInterval { get; init; } = TimeSpan.FromSeconds(1);
}
