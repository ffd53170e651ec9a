using System.Text.Json;
using EdgeMx.Hal.Leds;

namespace EdgeMx.Hal.Simulated.Leds;

/// <summary>
/// A panel with no hardware: every indicator's state in memory, <see cref="Render"/> for a terminal (the lab's live
/// view), and — when a path is given — the panel written to a JSON state file after every change, atomically
/// (temporary file + rename), so tests and the QEMU image can read a consistent panel at any moment.
/// </summary>
public sealed class SimulatedLedPanel : ILedPanel
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LedState> _states;
    private readonly string? _stateFile;
    private readonly TimeProvider _time;

    public SimulatedLedPanel(IEnumerable<string>? indicators = null, string? stateFile = null, TimeProvider? time = null)
    {
        _states = (indicators ?? LedIndicators.All).ToDictionary(i => i, _ => LedState.Off, StringComparer.Ordinal);
        _stateFile = stateFile;
        _time = time ?? TimeProvider.System;
        if (_stateFile is not null) Write();
    }

    public string Kind => "simulated";

    public IReadOnlyCollection<string> Indicators => _states.Keys.ToArray();

    public string? StateFile => _stateFile;

    public LedState this[string indicator]
    {
        get { lock (_gate) return _states[indicator]; }
    }

    public void Show(string indicator, LedState state)
    {
        lock (_gate)
        {
            if (!_states.TryGetValue(indicator, out var current) || current == state) return;
            _states[indicator] = state;
            if (_stateFile is not null) Write();
        }
    }

    /// <summary>One line: <c>WAN1 ● green  WAN2 ◌ amber blink  VPN ● red  DIA ○ off  SYSTEM ♥ green heartbeat</c>.</summary>
    public string Render()
    {
        lock (_gate) return LedLine.Render(_states.Select(s => (s.Key, s.Value)));
    }

    /// <summary>Reads a state file written by a panel (tests, the QEMU image's checks, the lab view).</summary>
    public static LedPanelSnapshot ReadStateFile(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, SimulatedJsonContext.Default.LedPanelSnapshot)
               ?? throw new InvalidDataException($"{path}: empty LED state file");
    }

    private void Write()
    {
        var snapshot = new LedPanelSnapshot(_time.GetUtcNow(),
            _states.Select(s => new LedPanelSnapshot.Indicator(s.Key, s.Value.Colour, s.Value.Pattern)).ToList());
        var directory = Path.GetDirectoryName(Path.GetFullPath(_stateFile!))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(_stateFile)}.{Environment.ProcessId}.tmp");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, snapshot, SimulatedJsonContext.Default.LedPanelSnapshot);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, _stateFile!, overwrite: true); // rename(2): readers see the old or the new file, never half
    }

    public void Dispose()
    {
    }
}
