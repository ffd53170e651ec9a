using EdgeMx.Appliance.Cli;
using EdgeMx.Appliance.Control;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using EdgeMx.Hal.Leds;
using EdgeMx.Hal.Simulated.Leds;

namespace EdgeMx.Lab.Tests.Leds;

/// <summary>
/// The real appliance (`edgemx run` with board-configs/appliance/lab.json, whose board "lab" has a simulated panel)
/// in $P-app, with its control socket, event journal and LED state file under the lab's state dir.
/// </summary>
internal sealed class LedAppliance : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private static int _sequence;

    private LedAppliance(Lab lab, ApplianceProcess process, string directory)
    {
        Lab = lab;
        Process = process;
        Directory = directory;
    }

    public Lab Lab { get; }
    public ApplianceProcess Process { get; }
    public string Directory { get; }
    public string Socket => Path.Combine(Directory, "control.sock");
    public string LedFile => Path.Combine(Directory, "leds.json");

    public static string LabConfig => Path.Combine(RepoPaths.Root, "board-configs", "appliance", "lab.json");

    /// <summary>Starts it and waits until its control socket answers.</summary>
    /// <param name="withoutTunnels">Run lab.json without its tunnels (the VPN LED is then off: nothing configured).</param>
    /// <param name="configure">Run lab.json made for this lab (<see cref="LabConfigFile"/>: its PSK paths), with these edits.</param>
    public static async Task<LedAppliance> StartAsync(Lab lab, IReadOnlyDictionary<string, string>? environment = null, bool withoutTunnels = false,
        Action<System.Text.Json.Nodes.JsonObject>? configure = null)
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(lab.StateDir, $"leds-{Interlocked.Increment(ref _sequence)}")).FullName;
        var config = LabConfig;
        if (configure is not null)
        {
            config = LabConfigFile.Write(lab, directory, configure);
        }
        else if (withoutTunnels)
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(LabConfig))!.AsObject();
            root.Remove("$schema");
            root.Remove("tunnels");
            config = Path.Combine(directory, "lab-no-tunnels.json");
            File.WriteAllText(config, root.ToJsonString());
        }
        var process = ApplianceProcess.Start(lab, config,
        [
            "--control-socket", Path.Combine(directory, "control.sock"), "--event-log", Path.Combine(directory, "events.jsonl"),
            "--led-state-file", Path.Combine(directory, "leds.json"), "--log-format", "text",
        ], environment: environment);
        var appliance = new LedAppliance(lab, process, directory);
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

    /// <summary>`edgemx status` as an operator (and the lab's live view, `status --watch`) sees it.</summary>
    public async Task<string> StatusTextAsync() =>
        (await CommandRunner.RunAsync(ApplianceProcess.DotnetHost, [ApplianceProcess.EdgemxDll, "status", "--socket", Socket], TimeSpan.FromSeconds(30)))
        .EnsureSuccess().StdOut;

    /// <summary>The panel as the appliance last wrote it (null before its first write).</summary>
    public LedPanelSnapshot? ReadPanel() => File.Exists(LedFile) ? SimulatedLedPanel.ReadStateFile(LedFile) : null;

    /// <summary>Waits until the state file shows every given indicator in the given state; the message on timeout
    /// shows the panel and the appliance's own reasons.</summary>
    public async Task WaitForPanelAsync(TimeSpan deadline, string what, params (string Led, LedColour Colour, LedPattern Pattern)[] expected)
    {
        try
        {
            await Lab.WaitUntilAsync(() =>
            {
                var panel = ReadPanel();
                return panel is not null && expected.All(e => panel[e.Led] == new LedState(e.Colour, e.Pattern));
            }, deadline, what, TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException e)
        {
            var status = await StatusAsync();
            throw new TimeoutException($"{e.Message}\npanel file: {Describe(ReadPanel())}\nstatus LEDs: " +
                string.Join("; ", status.Leds.Select(l => $"{l.Name} {l.State} ({l.Reason})")) + "\nuplinks: " +
                string.Join("; ", status.Uplinks.Select(u => $"{u.Name} link={u.Link} role={u.Role} monitor={u.Monitor}")), e);
        }
    }

    private static string Describe(LedPanelSnapshot? panel) =>
        panel is null ? "(none)" : string.Join("; ", panel.Indicators.Select(i => $"{i.Name} {i.Colour} {i.Pattern}"));

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited) await Process.StopAsync(TimeSpan.FromSeconds(25));
        await Process.DisposeAsync();
    }
}
