using EdgeMx.Appliance.Hosting;
using EdgeMx.Core.Configuration;
using Microsoft.Extensions.Hosting;

namespace EdgeMx.Appliance.Cli;

/// <summary>`edgemx run --config FILE`: validate, then run the host until SIGTERM/SIGINT.</summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(Arguments args)
    {
        if (args.Positional.Count > 0) throw new UsageException($"run takes no arguments besides options (got \"{args.Positional[0]}\")");
        var path = args.Value("config") ?? throw new UsageException("run needs --config FILE");
        var format = args.Value("log-format") ?? "json";
        if (format is not ("json" or "text")) throw new UsageException("--log-format must be json or text");

        var loader = ConfigLoader.CreateDefault(new SystemInterfaceInventory());
        var loaded = loader.LoadFile(path);
        if (!loaded.IsValid)
        {
            await Console.Error.WriteLineAsync("edgemx: not starting, the configuration is invalid:").ConfigureAwait(false);
            await Console.Error.WriteLineAsync(loaded.Format()).ConfigureAwait(false);
            return ExitCodes.Invalid;
        }
        if (loaded.WarningCount > 0) await Console.Error.WriteLineAsync(loaded.Format()).ConfigureAwait(false);

        var options = new RunOptions
        {
            ConfigPath = Path.GetFullPath(path),
            ControlSocket = args.Value("control-socket"),
            EventLog = args.Value("event-log"),
            LedStateFile = args.Value("led-state-file"),
            LogFormat = format,
            Verbose = args.Flag("verbose"),
        };
        IHost host;
        try
        {
            host = ApplianceHost.Build(options, loaded, loader);
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"edgemx: cannot set up the appliance: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }
        using (host)
        {
            try
            {
                await host.RunAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException
                                          or Net.Netlink.NetlinkException)
            {
                await Console.Error.WriteLineAsync($"edgemx: the appliance could not run: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Unavailable;
            }
        }
        return ExitCodes.Ok;
    }
}
