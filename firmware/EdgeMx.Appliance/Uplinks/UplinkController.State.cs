using System.Collections.Immutable;
using EdgeMx.Core.State;

namespace EdgeMx.Appliance.Uplinks;

public sealed partial class UplinkController
{
    // The uplinks' slice of the appliance snapshot, rebuilt after every message.
    private void Publish()
    {
        var active = _selector?.Active;
        var uplinks = _uplinks.Select(u => new UplinkState
        {
            Name = u.Name,
            Interface = u.Interface,
            Primary = u.Name == _selector?.Primary,
            Link = u.LinkStatus,
            LinkSince = u.LinkSince,
            OperState = u.Link is { Exists: true } l ? l.OperState : null,
            Monitor = u.Monitor.Status,
            MonitorSince = u.Monitor.Since,
            MonitorReason = u.Monitor.Reason,
            Role = u.Name == active ? UplinkRole.Active : UplinkRole.Standby,
            Address = u.Address is { } a ? $"{a.Address}/{a.PrefixLength}" : null,
            Gateway = u.Gateway?.ToString(),
            Addressing = u.Config.Addressing.Mode,
            LatencyMs = Round(u.Monitor.LatencyMs),
            LossPercent = Round(u.Monitor.LossPercent),
            Probes = [.. u.Monitor.Probes.Select(p => new ProbeStatus
            {
                Method = p.Method,
                Target = p.Target,
                LastSuccess = p.LastSuccess,
                LastRttMs = Round(p.LastRtt?.TotalMilliseconds),
                LastFailure = p.LastFailure,
                LastAt = p.LastAt,
                Sent = p.Sent,
                Failed = p.Failed,
            })],
            Counters = new UplinkCounters
            {
                ProbesSent = u.Monitor.ProbesSent,
                ProbesFailed = u.Monitor.ProbesFailed,
                LinkDowns = u.LinkDowns,
                MonitorFailures = u.Monitor.Failures,
                Activations = u.Activations,
            },
        }).ToImmutableArray();

        _state.Update(s => s with
        {
            Uplinks = uplinks,
            ActiveUplink = active,
            ActiveUplinkSince = _activeSince,
            Failovers = _failovers,
            Failbacks = _failbacks,
        });
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;
}
