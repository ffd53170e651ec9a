using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Core.Configuration.Checks;

/// <summary>The primary names a defined uplink.</summary>
public sealed class UplinkSelectionCheck : IConfigCheck
{
    public void Check(ApplianceConfig config, ConfigCheckContext context)
    {
        var primary = config.UplinkSelection.Primary;
        if (primary is null || config.Uplinks.Count == 0) return;
        if (!config.Uplinks.Any(u => u.Name == primary))
            context.Error("$.uplinkSelection.primary",
                $"uplink \"{primary}\" is not defined; defined uplinks: {string.Join(", ", config.Uplinks.Select(u => u.Name))}");
    }
}
