using EdgeMx.Hal.Leds;
using EdgeMx.Hal.Linux.Gpio;

namespace EdgeMx.Hal.Linux.Leds;

/// <summary>
/// An LED on a GPIO output line. Solid and off are one SET_VALUES ioctl; blinking patterns are timed by the
/// <see cref="SoftwareBlinker"/> (GPIO has no kernel blink trigger; wire the LED as a device-tree gpio-led and use
/// the sysfs backend if kernel-timed blinking is wanted).
/// </summary>
public sealed class GpioLedChannel : ILedChannel
{
    private readonly GpioLineRequest _line;
    private readonly SoftwareBlinker _blinker;
    private readonly Action<string, Exception>? _onBlinkError;
    private IDisposable? _blink;

    public GpioLedChannel(GpioLineRequest line, string description, SoftwareBlinker blinker, Action<string, Exception>? onBlinkError = null)
    {
        if (line.Offsets.Count != 1) throw new ArgumentException("one line per LED channel", nameof(line));
        _line = line;
        _blinker = blinker;
        _onBlinkError = onBlinkError;
        Description = description;
    }

    public string Description { get; }

    public void Show(LedPattern? pattern)
    {
        _blink?.Dispose();
        _blink = null;
        switch (pattern)
        {
            case null:
                _line.Set(0, false);
                break;
            case LedPattern.Solid:
                _line.Set(0, true);
                break;
            default:
                _blink = _blinker.Start(on => _line.Set(0, on), pattern.Value, e => _onBlinkError?.Invoke(Description, e));
                break;
        }
    }

    public void Dispose()
    {
        _blink?.Dispose();
        try
        {
            _line.Set(0, false);
        }
        catch (IOException)
        {
            // Closing the request releases the line anyway.
        }
        _line.Dispose();
    }
}
