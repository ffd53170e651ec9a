using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.Health;

namespace EdgeMx.Appliance.Uplinks;

/// <summary>
/// "Run health checks now" (the MQTT command, and anything else holding an <see cref="IHealthCheckRunner"/>): one
/// extra round of every uplink's probes, right away, handed to the controller like any scheduled round.
/// </summary>
public sealed partial class UplinkMonitoringService : IHealthCheckRunner
{
    public async Task<string> RunNowAsync(CancellationToken cancellationToken)
    {
        var current = controller.Configuration;
        if (current.Config is not { } config) return "no configuration is running";
        var results = await Task.WhenAll(config.Uplinks.Select(async uplink =>
        {
            var settings = MonitoringConfig.Resolve(config.Monitoring, uplink.Monitoring);
            if (settings.Probes.Length == 0) return $"{uplink.Name}: no probes configured (carrier only)";
            if (controller.BindingFor(uplink.Name) is not { } binding) return $"{uplink.Name}: not probed (no usable address)";
            var outcomes = await Task.WhenAll(settings.Probes.Select((p, i) => RunOneAsync(p, i, binding, settings.Timeout, cancellationToken)))
                .ConfigureAwait(false);
            controller.OnRound(uplink.Name, current.Generation, outcomes);
            var failures = outcomes.Where(o => !o.Success).Select(o => $"{settings.Probes[o.ProbeIndex].Describe()}: {o.Failure}").ToList();
            return $"{uplink.Name}: {outcomes.Count(o => o.Success)}/{outcomes.Length} probes ok" +
                   (failures.Count > 0 ? $" ({string.Join(", ", failures)})" : "");
        })).ConfigureAwait(false);
        return string.Join("; ", results);
    }
}
