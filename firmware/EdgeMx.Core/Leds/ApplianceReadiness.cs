using EdgeMx.Core.State;
using Microsoft.Extensions.Hosting;

namespace EdgeMx.Core.Leds;

/// <summary>
/// Marks the snapshot <see cref="ApplianceState.Ready"/> once the host has started every hosted service
/// (IHostApplicationLifetime.ApplicationStarted), and not ready again when it begins stopping: the system LED is
/// solid during boot and shutdown, a heartbeat in between.
/// </summary>
public sealed class ApplianceReadiness(IApplianceStateStore store, IHostApplicationLifetime lifetime) : IHostedService
{
    private CancellationTokenRegistration _started;
    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(() => store.Update(s => s.Ready ? s : s with { Ready = true }));
        _stopping = lifetime.ApplicationStopping.Register(() => store.Update(s => s.Ready ? s with { Ready = false } : s));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Dispose();
        _stopping.Dispose();
        return Task.CompletedTask;
    }
}
