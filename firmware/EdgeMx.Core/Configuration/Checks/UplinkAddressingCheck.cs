using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Core.Configuration.Checks;

/// <summary>Static addressing makes sense: a host address (not the subnet or broadcast address), a gateway inside the subnet.</summary>
public sealed class UplinkAddressingCheck : IConfigCheck
{
    public void Check(ApplianceConfig config, ConfigCheckContext context)
    {
        for (var i = 0; i < config.Uplinks.Count; i++)
        {
            var a = config.Uplinks[i].Addressing;
            var at = JsonPath.Property(JsonPath.Index("$.uplinks", i), "addressing");
            if (a.Mode != AddressingConfig.Static) continue;
            if (!Ipv4Prefix.TryParse(a.Address, out var prefix)) continue; // the schema reported it
            var addressPath = JsonPath.Property(at, "address");
            var address = Ipv4Prefix.ToUInt(prefix.Address);
            if (prefix.Length <= 30 && address == prefix.NetworkValue)
                context.Error(addressPath, $"{a.Address} is the subnet's own address ({prefix.NetworkText}), not a host address");
            else if (prefix.Length <= 30 && address == prefix.BroadcastValue)
                context.Error(addressPath, $"{a.Address} is the subnet's broadcast address, not a host address");
            if (!Ipv4Prefix.TryParseAddress(a.Gateway, out var gateway)) continue;
            var gatewayPath = JsonPath.Property(at, "gateway");
            if (gateway.Equals(prefix.Address))
                context.Error(gatewayPath, $"gateway {a.Gateway} is the uplink's own address");
            else if (!prefix.Contains(gateway))
                context.Error(gatewayPath, $"gateway {a.Gateway} is outside {prefix.NetworkText}, so it cannot be reached directly on this port; check the address's prefix length and the ISP's next hop");
        }
    }
}
