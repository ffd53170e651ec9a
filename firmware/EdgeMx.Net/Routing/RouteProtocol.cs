namespace EdgeMx.Net.Routing;

/// <summary>
/// rtm_protocol / FRA_PROTOCOL values: who installed a route or rule (RTPROT_* in linux/rtnetlink.h). The kernel does
/// not interpret values above <see cref="Static"/>; daemons use their own value to find exactly what they installed.
/// </summary>
public static class RouteProtocol
{
    public const byte Unspecified = 0;
    public const byte Redirect = 1;
    public const byte Kernel = 2;
    public const byte Boot = 3;
    public const byte Static = 4;
    public const byte Dhcp = 16;

    /// <summary>
    /// EdgeMx's marker, 77 ("edgemx"): free in linux/rtnetlink.h and in iproute2's /etc/iproute2/rt_protos (which
    /// reserves 0-4, 8-18, 42, 99, 186-189 and 192; routing suites such as FRR use 193-199). Every route and rule the
    /// appliance installs carries it, so clean-up and restarts touch nothing else. Register it for <c>ip</c> with
    /// <c>echo "77 edgemx" &gt; /etc/iproute2/rt_protos.d/edgemx.conf</c>.
    /// </summary>
    public const byte EdgeMx = 77;

    public const string EdgeMxName = "edgemx";
}
