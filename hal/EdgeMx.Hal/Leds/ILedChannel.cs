namespace EdgeMx.Hal.Leds;

/// <summary>One physical LED (one colour of an indicator): a GPIO line or a sysfs LED. Shows a pattern or nothing.</summary>
public interface ILedChannel : IDisposable
{
    /// <summary>For error messages: "gpiochip0:5", "sysfs ACT".</summary>
    string Description { get; }

    /// <param name="pattern">null = off.</param>
    void Show(LedPattern? pattern);
}
