using EdgeMx.Core.Configuration.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EdgeMx.Mqtt.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers MQTT telemetry when the configuration has an enabled `telemetry` section (otherwise nothing). Needs
    /// <see cref="EdgeMx.Core.Events.IEventLog"/> and <see cref="EdgeMx.Core.State.IApplianceStateStore"/> in the
    /// container; uses an <see cref="EdgeMx.Core.Health.IHealthCheckRunner"/> for the "run-health-checks" command
    /// when one is registered.
    /// </summary>
    public static IServiceCollection AddEdgeMxTelemetry(this IServiceCollection services, ApplianceConfig config)
    {
        if (TelemetrySettings.FromConfig(config) is not { } settings) return services;
        return services.AddEdgeMxTelemetry(settings);
    }

    public static IServiceCollection AddEdgeMxTelemetry(this IServiceCollection services, TelemetrySettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddSingleton<TelemetryPublisher>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<TelemetryPublisher>());
        return services;
    }
}
