namespace EdgeMx.Core.Configuration.Model;

public sealed partial class ApplianceConfig
{
    /// <summary>IPsec tunnels to hubs (`tunnels.schema.json`); empty when the section is absent.</summary>
    public List<TunnelConfig> Tunnels { get; set; } = [];
}
