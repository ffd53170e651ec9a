namespace EdgeMx.Net.Probes;

/// <summary>
/// One connection-monitoring check from one uplink (ICMP echo, HTTP GET, DNS query). The token is the probe's
/// deadline: when it is cancelled the probe returns a <see cref="ProbeFailure.Timeout"/> result instead of throwing.
/// </summary>
public interface IConnectionProbe
{
    /// <summary>"icmp 203.0.113.100", "http http://203.0.113.100/health", "dns probe.lab A @203.0.113.100".</summary>
    string Description { get; }

    Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken);
}
