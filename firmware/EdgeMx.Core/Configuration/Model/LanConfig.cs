namespace EdgeMx.Core.Configuration.Model;

/// <summary>A LAN port: declared (not configured) so overlaps are caught and tunnels know the local subnet.</summary>
public sealed record LanConfig
{
    public string Name { get; set; } = "";
    public string Interface { get; set; } = "";

    /// <summary>The appliance's LAN address with prefix, e.g. 192.168.50.1/24.</summary>
    public string Address { get; set; } = "";
}
