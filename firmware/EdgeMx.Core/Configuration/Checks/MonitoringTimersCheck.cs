using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Core.Configuration.Checks;

/// <summary>
/// Timer combinations that cannot work: a probe timeout at or above the interval (rounds would overlap or be skipped),
/// a latency threshold the timeout makes unreachable, an uplink with nothing to probe.
/// Reported at the place the offending value was written (the uplink's override, or the global default).
/// </summary>
public sealed class MonitoringTimersCheck : IConfigCheck
{
    public void Check(ApplianceConfig config, ConfigCheckContext context)
    {
        var global = config.Monitoring;
        for (var i = 0; i < config.Uplinks.Count; i++)
        {
            var u = config.Uplinks[i];
            var at = JsonPath.Index("$.uplinks", i);
            var local = u.Monitoring;
            var s = MonitoringConfig.Resolve(global, local);
            string Where(Func<MonitoringConfig, object?> member, string name) =>
                local is not null && member(local) is not null
                    ? JsonPath.Property(JsonPath.Property(at, "monitoring"), name)
                    : JsonPath.Property("$.monitoring", name);

            if (s.Timeout >= s.Interval)
                context.Error(Where(m => m.TimeoutMs, "timeoutMs"),
                    $"probe timeout {s.Timeout.TotalMilliseconds:0} ms must be shorter than the interval {s.Interval.TotalMilliseconds:0} ms of uplink \"{u.Name}\"");
            if (s.DegradedLatency >= s.Timeout)
                context.Warning(Where(m => m.Degraded?.LatencyMs, "degraded"),
                    $"latency threshold {s.DegradedLatency.TotalMilliseconds:0} ms is not below the probe timeout {s.Timeout.TotalMilliseconds:0} ms of uplink \"{u.Name}\": slow probes time out instead, so \"degraded\" for latency can never be reported");
            if (s.Probes.Length == 0)
                context.Warning(Where(m => m.Probes, "probes"),
                    $"uplink \"{u.Name}\" has no probes: only carrier loss will be detected, not a broken path behind the ISP's router");
            for (var p = 0; p < s.Probes.Length; p++)
            {
                if (s.Probes[p] is { Method: ProbeConfig.Http, Url: { } url } && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Port is < 1 or > 65535))
                    context.Error(JsonPath.Property(JsonPath.Index(Where(m => m.Probes, "probes"), p), "url"), $"\"{url}\" is not a valid http URL");
            }
        }
    }
}
