using EdgeMx.Core.State;

namespace EdgeMx.Core.Uplinks;

/// <summary>The monitor's verdict on an uplink changed; <see cref="Reason"/> says why in an operator's words.</summary>
public sealed record MonitorTransition(string Uplink, MonitorStatus From, MonitorStatus To, string Reason)
{
    /// <summary>Set when the change came from carrier loss or return, not from probes.</summary>
    public bool ByLink { get; init; }

    /// <summary>How long the uplink was in <see cref="From"/>.</summary>
    public TimeSpan? After { get; init; }
}
