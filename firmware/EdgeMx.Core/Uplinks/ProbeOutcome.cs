namespace EdgeMx.Core.Uplinks;

/// <summary>The result of one probe in one round, as the monitoring service reports it to the <see cref="UplinkMonitor"/>.</summary>
/// <param name="ProbeIndex">Position of the probe in the uplink's effective probe list.</param>
/// <param name="Failure">How it failed ("timeout", "http 503", "connection refused", …); null on success.</param>
public readonly record struct ProbeOutcome(int ProbeIndex, bool Success, TimeSpan? Rtt, string? Failure)
{
    public static ProbeOutcome Passed(int probeIndex, TimeSpan rtt) => new(probeIndex, true, rtt, null);
    public static ProbeOutcome Failed(int probeIndex, string failure) => new(probeIndex, false, null, failure);
}
