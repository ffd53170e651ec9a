namespace EdgeMx.Hal.Leds;

/// <summary>
/// The status LEDs of one board. <see cref="Show"/> sets an indicator's look; a backend that cannot write
/// (a missing sysfs file, a GPIO line taken by another process) throws <see cref="LedWriteException"/>, which the
/// caller logs and survives. Implementations are called from one thread (the LED service).
/// </summary>
public interface ILedPanel : IDisposable
{
    /// <summary>"gpio", "sysfs", "gpio+sysfs", "simulated": for the start-up log.</summary>
    string Kind { get; }

    /// <summary>Indicators this board has (a subset of <see cref="LedIndicators.All"/>).</summary>
    IReadOnlyCollection<string> Indicators { get; }

    void Show(string indicator, LedState state);
}
