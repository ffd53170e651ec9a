using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Core.Configuration.Checks;

/// <summary>Uplink and LAN names are unique, every port is used once, interfaces exist, route tables are distinct.</summary>
public sealed class NamesAndInterfacesCheck : IConfigCheck
{
    public void Check(ApplianceConfig config, ConfigCheckContext context)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var interfaces = new Dictionary<string, string>(StringComparer.Ordinal);
        var tables = new Dictionary<int, string>();

        for (var i = 0; i < config.Uplinks.Count; i++)
        {
            var u = config.Uplinks[i];
            var at = JsonPath.Index("$.uplinks", i);
            Unique(names, u.Name, JsonPath.Property(at, "name"), "name", context);
            Unique(interfaces, u.Interface, JsonPath.Property(at, "interface"), "interface", context);
            context.CheckInterfaceExists(JsonPath.Property(at, "interface"), u.Interface);
            var table = u.EffectiveRouteTable(i);
            var tablePath = JsonPath.Property(at, "routeTable");
            if (tables.TryGetValue(table, out var first))
                context.Error(tablePath, $"route table {table} is already used by {first}; each uplink needs its own policy-routing table");
            else tables[table] = u.RouteTable is null ? $"{at} (by default)" : tablePath;
        }
        for (var i = 0; i < config.Lan.Count; i++)
        {
            var l = config.Lan[i];
            var at = JsonPath.Index("$.lan", i);
            Unique(names, l.Name, JsonPath.Property(at, "name"), "name", context);
            Unique(interfaces, l.Interface, JsonPath.Property(at, "interface"), "interface", context);
            context.CheckInterfaceExists(JsonPath.Property(at, "interface"), l.Interface);
        }
    }

    private static void Unique(Dictionary<string, string> seen, string value, string path, string what, ConfigCheckContext context)
    {
        if (value.Length == 0) return;
        if (seen.TryGetValue(value, out var first)) context.Error(path, $"{what} \"{value}\" is already used at {first}");
        else seen[value] = path;
    }
}
