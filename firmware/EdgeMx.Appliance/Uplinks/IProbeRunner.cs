using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.Uplinks;

namespace EdgeMx.Appliance.Uplinks;

/// <summary>Runs one configured probe through one uplink. Never throws for network trouble: returns a failed outcome.</summary>
public interface IProbeRunner
{
    Task<ProbeOutcome> RunAsync(ProbeConfig probe, int probeIndex, ProbeBinding binding, TimeSpan timeout, CancellationToken cancellationToken);
}
