using EdgeMx.Appliance.Platform;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Core.Board;
using EdgeMx.Core.Configuration;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.Crypto;
using EdgeMx.Core.Leds;
using EdgeMx.Hal.Board;
using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Crypto.SelfTest;
using EdgeMx.Hal.Leds;
using EdgeMx.Hal.Linux.Board;
using EdgeMx.Hal.Linux.Crypto.Kernel;
using EdgeMx.Hal.Linux.Crypto.Managed;
using EdgeMx.Hal.Linux.Crypto.Platform;
using GpioLinkStateSource = EdgeMx.Hal.Linux.Links.GpioLinkStateSource;
using EdgeMx.Net.Links;
using EdgeMx.Hal.Simulated.Leds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Hosting;

/// <summary>
/// The hardware abstraction layer in the host: the board profile the config names (`board`), its LED panel driven
/// by <see cref="LedService"/>, readiness for the system LED, and the crypto providers (self-tested at start,
/// fail closed) for IKE and ESP. Without a `board` there is no panel: LED states still appear in status.
/// </summary>
public static partial class BoardServices
{
    /// <summary>Loads the profile the config names (null when it names none). The config check already loaded it,
    /// so a failure here means the file changed in between: refuse to start rather than guess.</summary>
    public static BoardProfile? LoadBoard(ApplianceConfig config, string configPath)
    {
        if (config.Board is null) return null;
        var result = BoardProfileLoader.CreateDefault().Load(config.Board, Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? ".");
        return result.Profile ?? throw new InvalidOperationException(result.Format());
    }

    public static IServiceCollection AddBoard(this IServiceCollection services, BoardProfile? board, RunOptions options)
    {
        services.AddSingleton(new BoardContext(board));
        services.AddSingleton<ILedPanel>(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            if (board is null) return new SimulatedLedPanel(LedIndicators.All, options.LedStateFile, time);
            var logger = sp.GetRequiredService<ILogger<LedService>>();
            return BoardHardware.CreateLedPanel(board.Leds, time,
                (led, e) => LogBlinkFailed(logger, led, e.Message),
                stateFileOverride: options.LedStateFile);
        });
        services.AddSingleton(board is null
            ? LedStateMapper.Default
            : new LedStateMapper(board.Wan.Select(w => new WanPortBinding(w.Port, w.Interface)).ToList()));

        services.AddSingleton(sp => new CryptoRuntime(
            CryptoCandidates(sp.GetRequiredService<ILogger<CryptoRuntime>>()),
            new KernelEspOffloadProbe(),
            board is null ? CryptoRuntimeOptions.Default : CryptoRuntimeOptions.From(board.Crypto),
            sp.GetRequiredService<Core.State.IApplianceStateStore>(),
            sp.GetRequiredService<Core.Events.IEventLog>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CryptoRuntime>>()));
        var gpioLinks = board is null ? [] : BoardHardware.LinkInputs(board);
        if (gpioLinks.Count > 0)
        {
            // Replaces the plain netlink source registered before: carrier of these ports from their GPIO lines.
            services.AddSingleton<ILinkStateSource>(sp =>
            {
                var time = sp.GetRequiredService<TimeProvider>();
                var logger = sp.GetRequiredService<ILogger<BoardLinkStateSource>>();
                return new BoardLinkStateSource(new NetlinkLinkStateSource(time, sp.GetRequiredService<ILogger<LinkMonitor>>()),
                    () => new GpioLinkStateSource(gpioLinks, time: time, onError: (input, e) => LogGpioLinkFailed(logger, input.Description, input.Interface, e.Message)));
            });
        }

        // IKE and ESP take the provider that passed its self-test; resolving it before CryptoStartupService ran is a bug.
        services.AddSingleton<ICryptoProvider>(sp => sp.GetRequiredService<CryptoRuntime>().Provider);
        return services;
    }

    /// <summary>The hosted services, in start order: crypto self-tests first (their fault is on the LEDs from the
    /// first paint), then the LED service, then readiness (which marks the appliance ready once all have started).</summary>
    public static IServiceCollection AddBoardHostedServices(this IServiceCollection services)
    {
        services.AddHostedService<CryptoStartupService>();
        services.AddHostedService<LedService>();
        services.AddHostedService<ApplianceReadiness>();
        return services;
    }

    private static List<ICryptoProvider> CryptoCandidates(ILogger logger)
    {
        List<ICryptoProvider> candidates = [new PlatformCryptoProvider(), new ManagedCryptoProvider()];
        if (FaultInjectedProvider.Parse(Environment.GetEnvironmentVariable(FaultInjectedProvider.EnvironmentVariable)) is not { } fault)
            return candidates;
        var index = candidates.FindIndex(c => c.Name == fault.Provider);
        if (index < 0) throw new ArgumentException($"{FaultInjectedProvider.EnvironmentVariable}: no crypto provider \"{fault.Provider}\"");
        LogFaultInjected(logger, FaultInjectedProvider.EnvironmentVariable, fault.Provider, fault.Algorithm.Name());
        candidates[index] = new FaultInjectedProvider(candidates[index], fault.Algorithm);
        return candidates;
    }
}
