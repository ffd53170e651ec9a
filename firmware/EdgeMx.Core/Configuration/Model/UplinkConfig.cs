namespace EdgeMx.Core.Configuration.Model;

public sealed record UplinkConfig
{
    public string Name { get; set; } = "";
    public string Interface { get; set; } = "";
    public AddressingConfig Addressing { get; set; } = new();

    /// <summary>Policy-routing table; null = 100 + position (see <see cref="EffectiveRouteTable"/>).</summary>
    public int? RouteTable { get; set; }

    /// <summary>
    /// DNS servers asked, through this uplink, for the host names of its HTTP probes. Null = the servers of its DNS
    /// probes, else the OS's (resolv.conf).
    /// </summary>
    public List<string>? DnsServers { get; set; }

    /// <summary>Per-uplink overrides of the global monitoring settings.</summary>
    public MonitoringConfig? Monitoring { get; set; }

    public int EffectiveRouteTable(int position) => RouteTable ?? 101 + position;
}
