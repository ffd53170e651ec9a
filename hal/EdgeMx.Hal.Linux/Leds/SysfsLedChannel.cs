using System.Globalization;
using System.Text;
using EdgeMx.Hal.Leds;

namespace EdgeMx.Hal.Linux.Leds;

/// <summary>
/// One LED of the kernel's LED class (/sys/class/leds/NAME: the Pi's ACT and PWR LEDs, device-tree gpio-leds).
/// Solid = trigger "none" + brightness max; blinking = the kernel "timer" trigger with delay_on/delay_off, so the kernel
/// blinks it and no thread of ours runs; heartbeat = the kernel "heartbeat" trigger where it exists, else the timer
/// trigger with a short on-time. Documentation: Documentation/leds/leds-class.rst, ledtrig-timer.
/// </summary>
public sealed class SysfsLedChannel : ILedChannel
{
    public const string DefaultRoot = "/sys/class/leds";

    private readonly string _directory;
    private readonly int _maxBrightness;
    private readonly HashSet<string> _triggers;

    public SysfsLedChannel(string name, string root = DefaultRoot)
    {
        if (name.Length == 0 || name.Contains('/') || name is "." or "..")
            throw new ArgumentException($"not an LED name: '{name}'", nameof(name));
        Name = name;
        _directory = Path.Combine(root, name);
        if (!Directory.Exists(_directory))
            throw new LedWriteException(name, $"no such LED ({_directory})");
        _maxBrightness = int.TryParse(TryRead("max_brightness"), NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max > 0 ? max : 1;
        // "trigger" lists every available trigger, the active one in brackets: "none [mmc0] timer heartbeat".
        _triggers = (TryRead("trigger") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Trim('[', ']')).ToHashSet(StringComparer.Ordinal);
    }

    public string Name { get; }

    public string Description => $"sysfs LED {Name}";

    public bool HasHeartbeatTrigger => _triggers.Contains("heartbeat");

    public void Show(LedPattern? pattern)
    {
        switch (pattern)
        {
            case null:
                Write("trigger", "none");
                Write("brightness", "0");
                break;
            case LedPattern.Solid:
                Write("trigger", "none");
                Write("brightness", _maxBrightness.ToString(CultureInfo.InvariantCulture));
                break;
            case LedPattern.Heartbeat when HasHeartbeatTrigger:
                Write("trigger", "heartbeat");
                break;
            case LedPattern.Heartbeat:
                Timer(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(900));
                break;
            case LedPattern.Blink:
                Timer(LedTimings.BlinkOn, LedTimings.BlinkOff);
                break;
            case LedPattern.FastBlink:
                Timer(LedTimings.FastBlinkOn, LedTimings.FastBlinkOff);
                break;
        }
    }

    private void Timer(TimeSpan on, TimeSpan off)
    {
        // delay_on/delay_off exist only while the timer trigger is active, so the trigger goes first.
        Write("trigger", "timer");
        Write("delay_on", ((int)on.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        Write("delay_off", ((int)off.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
    }

    private void Write(string attribute, string value)
    {
        var path = Path.Combine(_directory, attribute);
        try
        {
            // Truncate = O_TRUNC on an existing file, what `echo value > attribute` does; sysfs never creates files.
            using var stream = new FileStream(path, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite, 1);
            stream.Write(Encoding.ASCII.GetBytes(value + "\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LedWriteException(Name, $"cannot write '{value}' to {path}: {e.Message}", e);
        }
    }

    private string? TryRead(string attribute)
    {
        try
        {
            return File.ReadAllText(Path.Combine(_directory, attribute)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
    }
}
