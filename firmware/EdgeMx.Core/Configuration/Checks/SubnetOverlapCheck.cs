using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Core.Configuration.Checks;

/// <summary>
/// No two ports (WAN static addresses, LAN subnets) share or overlap a subnet: the kernel would route one port's
/// traffic out of the other, and policy routing by source address would be ambiguous.
/// </summary>
public sealed class SubnetOverlapCheck : IConfigCheck
{
    public void Check(ApplianceConfig config, ConfigCheckContext context)
    {
        var subnets = new List<(string Path, Ipv4Prefix Prefix)>();
        for (var i = 0; i < config.Uplinks.Count; i++)
        {
            var a = config.Uplinks[i].Addressing;
            if (a.Mode == AddressingConfig.Static && Ipv4Prefix.TryParse(a.Address, out var p))
                subnets.Add((JsonPath.Property(JsonPath.Property(JsonPath.Index("$.uplinks", i), "addressing"), "address"), p));
        }
        for (var i = 0; i < config.Lan.Count; i++)
        {
            if (Ipv4Prefix.TryParse(config.Lan[i].Address, out var p))
                subnets.Add((JsonPath.Property(JsonPath.Index("$.lan", i), "address"), p));
        }
        for (var i = 1; i < subnets.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (path, mine) = subnets[i];
                var (otherPath, other) = subnets[j];
                if (!mine.Overlaps(other)) continue;
                if (mine.Length == other.Length)
                    context.Error(path, $"subnet {mine.NetworkText} is the same as at {otherPath}; every port needs its own subnet");
                else
                    context.Error(path, $"subnet {mine.NetworkText} overlaps {other.NetworkText} at {otherPath}; every port needs its own subnet");
            }
        }
    }
}
