using EdgeMx.Hal.Leds;

namespace EdgeMx.Hal.Linux.Leds;

/// <summary>Stands in for an LED that could not be opened at start (a missing sysfs LED, a GPIO line held by
/// another process): every write reports the original reason, which the LED service logs once. The rest of the
/// panel works.</summary>
public sealed class BrokenLedChannel(string description, string reason) : ILedChannel
{
    public string Description { get; } = description;

    public void Show(LedPattern? pattern) => throw new IOException($"{Description} is unavailable: {reason}");

    public void Dispose()
    {
    }
}
