namespace EdgeMx.Core.Health;

/// <summary>
/// Runs the appliance's health checks now instead of at their next interval (uplink connection probes, tunnel
/// health probes): what the MQTT command "run-health-checks" and operators ask for after fixing something.
/// Implemented by the subsystems that own the checks; results land in the state snapshot and the event log as usual.
/// </summary>
public interface IHealthCheckRunner
{
    /// <summary>Starts a round of every check and completes when it has finished; returns a one-line summary
    /// ("wan1: 3/3 probes ok; wan2: 0/3 (timeout)").</summary>
    Task<string> RunNowAsync(CancellationToken cancellationToken);
}
