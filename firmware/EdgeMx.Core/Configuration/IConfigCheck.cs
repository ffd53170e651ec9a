using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Core.Configuration;

/// <summary>
/// A semantic check: what a schema cannot say (references between sections, overlapping subnets, files, timers that
/// contradict each other). Runs after the schema, on the typed model; reports through the context, never throws for
/// bad input. Each subsystem adds its checks to <see cref="Checks.ConfigChecks.All"/>.
/// </summary>
public interface IConfigCheck
{
    void Check(ApplianceConfig config, ConfigCheckContext context);
}
