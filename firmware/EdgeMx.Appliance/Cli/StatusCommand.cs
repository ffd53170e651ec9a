using System.Text.Json;
using EdgeMx.Appliance.Control;
using EdgeMx.Core.Events;
using EdgeMx.Core.Serialization;
using EdgeMx.Core.State;

namespace EdgeMx.Appliance.Cli;

/// <summary>`edgemx status [--json] [--watch]`.</summary>
public static class StatusCommand
{
    private const int WatchEvents = 10;

    public static async Task<int> RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        if (args.Positional.Count > 0) throw new UsageException($"status takes no arguments (got \"{args.Positional[0]}\")");
        var path = ControlClient.ResolvePath(args.Value("socket"));
        var json = args.Flag("json");
        await using var client = await ControlClient.ConnectAsync(path, cancellationToken).ConfigureAwait(false);
        if (!args.Flag("watch"))
        {
            var response = await client.RequestAsync(new ControlRequest { Type = ControlRequest.Status }, cancellationToken).ConfigureAwait(false);
            if (!response.Ok || response.State is null) return Refused(response);
            Console.Out.Write(json ? Json(response.State) + "\n" : StatusView.Render(response.State, DateTimeOffset.Now));
            return ExitCodes.Ok;
        }
        return await WatchAsync(client, path, json, cancellationToken).ConfigureAwait(false);
    }

    // A live view: the state (on every change) and the latest events, redrawn until Ctrl-C.
    private static async Task<int> WatchAsync(ControlClient client, string path, bool json, CancellationToken cancellationToken)
    {
        var recent = new Queue<ApplianceEvent>();
        ApplianceState? latest = null;
        var gate = new object();
        var terminal = !Console.IsOutputRedirected;

        void Draw()
        {
            lock (gate)
            {
                if (latest is null) return;
                if (json)
                {
                    Console.Out.Write(Json(latest, indented: false) + "\n");
                    return;
                }
                var screen = StatusView.Render(latest, DateTimeOffset.Now)
                    + $"\nlatest events (edgemx events --follow for all):\n"
                    + string.Concat(recent.Select(e => "  " + EventView.Format(e) + "\n"));
                Console.Out.Write(terminal ? "\u001b[H\u001b[2J" + screen : screen + new string('-', 100) + "\n");
                Console.Out.Flush();
            }
        }

        var eventsTask = json ? Task.CompletedTask : Task.Run(async () =>
        {
            await using var events = await ControlClient.ConnectAsync(path, cancellationToken).ConfigureAwait(false);
            await foreach (var r in events.StreamAsync(new ControlRequest { Type = ControlRequest.Events, Max = WatchEvents, Follow = true }, cancellationToken).ConfigureAwait(false))
            {
                if (r.Event is null) continue;
                lock (gate)
                {
                    recent.Enqueue(r.Event);
                    while (recent.Count > WatchEvents) recent.Dequeue();
                }
                Draw();
            }
        }, cancellationToken);

        try
        {
            await foreach (var r in client.StreamAsync(new ControlRequest { Type = ControlRequest.Status, Watch = true }, cancellationToken).ConfigureAwait(false))
            {
                if (!r.Ok) return Refused(r);
                lock (gate) latest = r.State;
                Draw();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        if (cancellationToken.IsCancellationRequested) return ExitCodes.Ok;
        await Console.Error.WriteLineAsync("edgemx: the appliance closed the connection (stopped?)").ConfigureAwait(false);
        _ = eventsTask;
        return ExitCodes.Unavailable;
    }

    internal static string Json(ApplianceState state, bool indented = true) =>
        indented
            ? JsonSerializer.Serialize(state, IndentedContext.ApplianceState)
            : JsonSerializer.Serialize(state, CoreJsonContext.Default.ApplianceState);

    private static readonly CoreJsonContext IndentedContext = new(new JsonSerializerOptions(CoreJsonContext.Default.Options) { WriteIndented = true });

    internal static int Refused(ControlResponse response)
    {
        Console.Error.WriteLine($"edgemx: the appliance refused the request: {response.Error ?? "no answer"}");
        return ExitCodes.Invalid;
    }
}
