using System.Net;
using EdgeMx.Esp.DataPlane;

namespace EdgeMx.Appliance.DataPlane;

/// <summary>How the appliance runs its ESP data plane.</summary>
public sealed record DataPlaneOptions
{
    public EspBackendPreference Backend { get; init; } = EspBackendPreference.Auto;

    /// <summary>The user-space backend's TUN device.</summary>
    public string TunName { get; init; } = "emx-esp0";

    /// <summary>The LAN address the appliance's own tunnel traffic (health checks) leaves with.</summary>
    public IPAddress? RouteSource { get; init; }

    /// <summary>Where the TUN device, routes and XFRM state live (tests); null = the appliance's own namespace.</summary>
    public EdgeMx.Net.NetworkNamespace? Namespace { get; init; }

    /// <summary>The sysctl switched on while the data plane runs (<see cref="IpForwarding"/>; tests point it at a file).</summary>
    public string ForwardingSysctl { get; init; } = IpForwarding.SysctlPath;

    /// <summary>How often counters are published into the state snapshot.</summary>
    public TimeSpan PublishInterval { get; init; } = TimeSpan.FromSeconds(2);

    public static DataPlaneOptions From(EdgeMx.Core.Configuration.Model.ApplianceConfig config)
    {
        var lan = config.Lan.Select(l => l.Address.Split('/')[0]).FirstOrDefault(a => IPAddress.TryParse(a, out _));
        return new DataPlaneOptions { RouteSource = lan is null ? null : IPAddress.Parse(lan) };
    }
}
