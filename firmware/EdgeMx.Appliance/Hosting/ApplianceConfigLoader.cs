using EdgeMx.Appliance.Tunnels;
using EdgeMx.Core.Configuration;
using EdgeMx.Core.Configuration.Checks;
using EdgeMx.Core.Configuration.Schema;

namespace EdgeMx.Appliance.Hosting;

/// <summary>
/// The configuration loader the appliance and its CLI use: the shipped schemas, every core check, and the checks
/// that need firmware subsystems EdgeMx.Core cannot reference (IKE proposal syntax).
/// </summary>
public static class ApplianceConfigLoader
{
    public static ConfigLoader Create(IInterfaceInventory? interfaces) =>
        new(JsonSchemaSet.Shipped, [.. ConfigChecks.All, new TunnelProposalsCheck()], interfaces);
}
