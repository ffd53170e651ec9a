namespace EdgeMx.Core.State;

/// <summary>Counters since the appliance started.</summary>
public sealed record UplinkCounters
{
    public long ProbesSent { get; init; }
    public long ProbesFailed { get; init; }
    /// <summary>Carrier losses seen on this port.</summary>
    public long LinkDowns { get; init; }
    /// <summary>Times the monitor declared this uplink failed.</summary>
    public long MonitorFailures { get; init; }
    /// <summary>Times this uplink became the active one.</summary>
    public long Activations { get; init; }
}
