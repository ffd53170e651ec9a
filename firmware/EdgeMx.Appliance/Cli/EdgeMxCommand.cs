using EdgeMx.Appliance.Hosting;

namespace EdgeMx.Appliance.Cli;

public static class EdgeMxCommand
{
    private static readonly string[] Socket = ["socket"];

    public static async Task<int> MainAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            Console.Out.WriteLine(Usage.Text);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
        }
        var rest = args[1..];
        try
        {
            switch (args[0])
            {
                case "run":
                    return await RunCommand.RunAsync(Arguments.Parse(rest, ["config", "control-socket", "event-log", "led-state-file", "log-format"], ["verbose"])).ConfigureAwait(false);
                case "version" or "--version":
                    Console.Out.WriteLine($"edgemx {ApplianceInfo.Version}");
                    return ExitCodes.Ok;
            }

            // Operator commands: Ctrl-C ends a --watch / --follow cleanly.
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            return args[0] switch
            {
                "status" => await StatusCommand.RunAsync(Arguments.Parse(rest, Socket, ["json", "watch"]), cancel.Token).ConfigureAwait(false),
                "events" => await EventsCommand.RunAsync(Arguments.Parse(rest, ["socket", "since", "after", "max"], ["follow", "json"]), cancel.Token).ConfigureAwait(false),
                "config" => await ConfigCommand.RunAsync(Arguments.Parse(rest, Socket, ["local", "json"]), cancel.Token).ConfigureAwait(false),
                _ => throw new UsageException($"unknown command \"{args[0]}\""),
            };
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"edgemx: {e.Message}\n\n{Usage.Text}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (ControlUnavailableException e)
        {
            await Console.Error.WriteLineAsync($"edgemx: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            await Console.Error.WriteLineAsync($"edgemx: lost the connection to the appliance: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }
    }
}
