using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Appliance.Uplinks;

/// <summary>A configuration as the controller applied it; <see cref="Replaced"/> completes when a newer one is applied.</summary>
public sealed record ControllerConfiguration(int Generation, ApplianceConfig? Config, TaskCompletionSource Replaced);
