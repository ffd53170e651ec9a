namespace EdgeMx.Hal.Leds;

/// <summary>An LED could not be set. Never fatal: the LED service logs it once and carries on.</summary>
public sealed class LedWriteException(string indicator, string message, Exception? inner = null)
    : IOException($"LED {indicator}: {message}", inner)
{
    public string Indicator { get; } = indicator;
}
