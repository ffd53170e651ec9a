using EdgeMx.Appliance.Cli;
using EdgeMx.Appliance.Control;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;

namespace EdgeMx.Lab.Tests.Uplinks;

/// <summary>
/// The real appliance (<see cref="ApplianceProcess"/>: `edgemx run`) in $P-app with the lab config, its own control
/// socket and event journal under the lab's state dir, and the CLI's control client to ask it things.
/// </summary>
internal sealed class LabAppliance : IAsyncDisposable
{
    public static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static int _sequence;

    private LabAppliance(Lab lab, ApplianceProcess process, string directory)
    {
        Lab = lab;
        Process = process;
        Directory = directory;
    }

    public Lab Lab { get; }
    public ApplianceProcess Process { get; }

    /// <summary>Holds the control socket and the event journal; reuse it to restart "the same" appliance.</summary>
    public string Directory { get; }

    public string Socket => Path.Combine(Directory, "run", "control.sock");
    public string Journal => Path.Combine(Directory, "events.jsonl");

    public static string LabConfig => Path.Combine(RepoPaths.Root, "board-configs", "appliance", "lab.json");

    public static string NewDirectory(Lab lab) =>
        System.IO.Directory.CreateDirectory(Path.Combine(lab.StateDir, $"core-{Interlocked.Increment(ref _sequence)}")).FullName;

    /// <summary>Starts it and waits until its control socket answers.</summary>
    public static async Task<LabAppliance> StartAsync(Lab lab, string? config = null, string? directory = null)
    {
        directory ??= NewDirectory(lab);
        var socket = Path.Combine(directory, "run", "control.sock");
        var process = ApplianceProcess.Start(lab, config ?? LabConfig,
            ["--control-socket", socket, "--event-log", Path.Combine(directory, "events.jsonl"), "--log-format", "text"]);
        var appliance = new LabAppliance(lab, process, directory);
        try
        {
            await Lab.WaitUntilAsync(async () =>
            {
                if (process.HasExited) throw new InvalidOperationException($"edgemx exited with {process.ExitCode}:\n{process.ReadLog()}");
                try
                {
                    await appliance.StatusAsync();
                    return true;
                }
                catch (ControlUnavailableException)
                {
                    return false;
                }
            }, StartDeadline, "the appliance's control socket to answer", TimeSpan.FromMilliseconds(100));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return appliance;
    }

    public async Task<ApplianceState> StatusAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var client = await ControlClient.ConnectAsync(Socket, deadline.Token);
        var response = await client.RequestAsync(new ControlRequest { Type = ControlRequest.Status }, deadline.Token);
        return response.State ?? throw new InvalidOperationException($"status refused: {response.Error}");
    }

    /// <summary>Polls the state document until <paramref name="condition"/> holds (it follows the kernel by a moment).</summary>
    public async Task<ApplianceState> WaitStatusAsync(Func<ApplianceState, bool> condition, string what, TimeSpan? deadline = null)
    {
        ApplianceState? state = null;
        await Lab.WaitUntilAsync(async () => condition(state = await StatusAsync()), deadline ?? TimeSpan.FromSeconds(5), what,
            TimeSpan.FromMilliseconds(20));
        return state!;
    }

    public async Task<IReadOnlyList<ApplianceEvent>> EventsAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var client = await ControlClient.ConnectAsync(Socket, deadline.Token);
        var events = new List<ApplianceEvent>();
        await foreach (var r in client.StreamAsync(new ControlRequest { Type = ControlRequest.Events, Max = ControlRequestHandler.MaxEvents }, deadline.Token))
        {
            if (r.Event is { } e) events.Add(e);
        }
        return events;
    }

    public async Task<ApplianceEvent> WaitForEventAsync(string type, TimeSpan deadline, long afterSequence = 0)
    {
        ApplianceEvent? found = null;
        await Lab.WaitUntilAsync(async () =>
        {
            found = (await EventsAsync()).FirstOrDefault(e => e.Type == type && e.Sequence > afterSequence);
            return found is not null;
        }, deadline, $"event {type}", TimeSpan.FromMilliseconds(100));
        return found!;
    }

    /// <summary>The gateway of the main table's default route in $P-app (null when there is none).</summary>
    public async Task<string?> DefaultGatewayAsync()
    {
        var routes = (await Lab.RunAsync("app", "ip route show default")).EnsureSuccess().StdOut;
        var line = routes.Split('\n').FirstOrDefault(l => l.StartsWith("default via ", StringComparison.Ordinal));
        return line?.Split(' ')[2];
    }

    /// <summary>Both uplinks monitored up, wan1 active, and the kernel's default route via wan1's gateway.</summary>
    public async Task WaitSteadyOnWan1Async(TimeSpan? deadline = null) =>
        await Lab.WaitUntilAsync(async () =>
        {
            var s = await StatusAsync();
            return s.ActiveUplink == "wan1"
                && s.Uplinks.All(u => u.Monitor == MonitorStatus.Up && u.Link == LinkStatus.Up)
                && await DefaultGatewayAsync() == Wan.Wan1.Gateway;
        }, deadline ?? TimeSpan.FromSeconds(60), "both uplinks up and the default route via wan1", TimeSpan.FromMilliseconds(100));

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited) await Process.StopAsync(TimeSpan.FromSeconds(25));
        await Process.DisposeAsync();
    }
}
