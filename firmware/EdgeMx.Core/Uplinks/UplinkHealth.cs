using EdgeMx.Core.State;

namespace EdgeMx.Core.Uplinks;

/// <summary>What the selector needs to know about one uplink: the monitor's verdict and why.</summary>
public readonly record struct UplinkHealth(string Name, MonitorStatus Status, string? Reason = null)
{
    /// <summary>Can carry traffic: up, degraded, or not judged yet (start-up; carrier loss makes it failed at once).</summary>
    public bool Usable => Status is MonitorStatus.Up or MonitorStatus.Degraded or MonitorStatus.Pending;
}
