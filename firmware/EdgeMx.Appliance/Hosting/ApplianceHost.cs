using EdgeMx.Core.Crypto;
using EdgeMx.Appliance.Control;
using EdgeMx.Appliance.DataPlane;
using EdgeMx.Appliance.Platform;
using EdgeMx.Appliance.Tunnels;
using EdgeMx.Appliance.Tunnels.Guard;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Core.Configuration;
using EdgeMx.Core.Events;
using EdgeMx.Core.Health;
using EdgeMx.Core.State;
using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Platform;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Mqtt.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Hosting;

/// <summary>
/// Composes the appliance on Microsoft.Extensions.Hosting: one hosted service per subsystem, started in this order
/// and stopped in reverse (so the control socket closes first and the routes are removed before the final event).
/// </summary>
public static class ApplianceHost
{
    public static IHost Build(RunOptions options, ConfigLoadResult loaded, ConfigLoader loader)
    {
        var config = loaded.Config ?? throw new ArgumentException("the configuration is not valid", nameof(loaded));
        var socketPath = options.ControlSocket ?? config.ControlSocket.Path;
        var eventLogPath = options.EventLog ?? config.EventLog.Path;

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "edgemx" });
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = TimeSpan.FromSeconds(20);
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        builder.Logging.SetMinimumLevel(options.Verbose ? LogLevel.Debug : LogLevel.Information);
        if (options.LogFormat == "text")
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var board = BoardServices.LoadBoard(config, options.ConfigPath);
        var time = TimeProvider.System;
        var services = builder.Services;
        services.AddSingleton(time);
        services.AddSingleton(sp => new EventLog(new EventLogOptions { Path = eventLogPath, Capacity = config.EventLog.Capacity }, time,
            sp.GetRequiredService<ILogger<EventLog>>()));
        services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<EventLog>());
        services.AddSingleton<IApplianceStateStore>(new ApplianceStateStore(new ApplianceState
        {
            DeviceId = config.Device.Id,
            FirmwareVersion = ApplianceInfo.Version,
            StartedAt = time.GetUtcNow(),
            UpdatedAt = time.GetUtcNow(),
        }, time));
        services.AddSingleton(loader);
        services.AddSingleton(sp => new ConfigService(options.ConfigPath, loaded, loader, sp.GetRequiredService<UplinkController>(),
            sp.GetRequiredService<IEventLog>(), sp.GetRequiredService<IApplianceStateStore>(), time, sp.GetRequiredService<ILogger<ConfigService>>()));
        services.AddSingleton<IUplinkRouter, NetlinkUplinkRouter>();
        services.AddSingleton<ILinkStateSource, NetlinkLinkStateSource>();
        services.AddSingleton<IProbeRunner>(sp => new NetProbeRunner(time));
        services.AddSingleton<UplinkController>();
        services.AddSingleton(new ControlSocketPath(socketPath));
        services.AddSingleton<ControlRequestHandler>();
        services.AddBoard(board, options);

        // CryptoRuntime (self-tests, board preference, kernel ESP probe) is registered by AddBoard and initialised by
        // CryptoStartupService, before the data plane starts.
        services.AddSingleton(DataPlaneOptions.From(config));
        services.AddSingleton<DataPlaneService>();
        services.AddSingleton<EdgeMx.Ike.DataPlane.IChildSaInstaller, ChildSaInstaller>();

        services.AddHostedService<LifecycleService>();
        services.AddBoardHostedServices();
        // Before the uplink controller: the tunnels' guard routes are in before the first default route and are removed
        // only after the last one is gone, so traffic for a tunnel never leaves in the clear at start or stop.
        services.AddSingleton<TunnelGuards>();
        services.AddSingleton<IGuardRouteTable, NetlinkGuardRouteTable>();
        services.AddHostedService(sp =>
        {
            // The backend choice is made once (the crypto runtime's kernel probe); the data plane makes the same one.
            var backend = new Lazy<string?>(() => GuardBackend.Unavailable(sp.GetRequiredService<CryptoRuntime>(), sp.GetRequiredService<DataPlaneOptions>()));
            return new TunnelGuardService(sp.GetRequiredService<ConfigService>().Config, sp.GetRequiredService<UplinkController>(),
            sp.GetRequiredService<IGuardRouteTable>(), sp.GetRequiredService<TunnelGuards>(), sp.GetRequiredService<IApplianceStateStore>(),
            sp.GetRequiredService<IEventLog>(), time, sp.GetRequiredService<ILogger<TunnelGuardService>>(),
                () => backend.Value);
        });
        services.AddHostedService<UplinkControllerService>();
        services.AddHostedService<LinkStateService>();
        services.AddSingleton<UplinkMonitoringService>();
        services.AddHostedService(sp => sp.GetRequiredService<UplinkMonitoringService>());
        services.AddSingleton<IHealthCheckRunner>(sp => sp.GetRequiredService<UplinkMonitoringService>());
        services.AddHostedService(sp => sp.GetRequiredService<DataPlaneService>());
        // IPsec tunnels; the ESP data plane registers its IChildSaInstaller (absent: IKE only, and it says so).
        services.AddHostedService(sp => new TunnelService(sp.GetRequiredService<UplinkController>(), sp.GetRequiredService<IApplianceStateStore>(),
            sp.GetRequiredService<IEventLog>(), () => sp.GetRequiredService<CryptoRuntime>().Provider,
            sp.GetService<IChildSaInstaller>(), sp.GetService<DataPlaneService>(), time, sp.GetRequiredService<ILogger<TunnelService>>(),
            sp.GetRequiredService<TunnelGuards>()));
        services.AddHostedService(sp => new ControlSocketServer(socketPath, sp.GetRequiredService<ControlRequestHandler>(),
            sp.GetRequiredService<ILogger<ControlSocketServer>>()));
        // Registered last, so it stops first: "offline" goes out while everything else is still up. Events after that
        // (system.stop) stay in the journal and are published after the next start.
        services.AddEdgeMxTelemetry(config);
        return builder.Build();
    }
}
