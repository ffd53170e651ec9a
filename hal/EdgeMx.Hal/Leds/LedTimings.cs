namespace EdgeMx.Hal.Leds;

/// <summary>On/off times of the blinking patterns, shared by the kernel timer trigger (sysfs) and the software
/// blinker (GPIO) so every board blinks alike.</summary>
public static class LedTimings
{
    public static readonly TimeSpan BlinkOn = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan BlinkOff = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan FastBlinkOn = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan FastBlinkOff = TimeSpan.FromMilliseconds(100);

    /// <summary>The software heartbeat: on 70, off 250, on 70, off 610 ms (a 1 s double pulse like ledtrig-heartbeat
    /// at rest). Where the kernel has the heartbeat trigger it is used instead.</summary>
    public static readonly TimeSpan[] Heartbeat =
    [
        TimeSpan.FromMilliseconds(70), TimeSpan.FromMilliseconds(250),
        TimeSpan.FromMilliseconds(70), TimeSpan.FromMilliseconds(610),
    ];

    /// <summary>The alternating on/off durations of a pattern, starting with "on"; empty for solid.</summary>
    public static IReadOnlyList<TimeSpan> Steps(LedPattern pattern) => pattern switch
    {
        LedPattern.Blink => [BlinkOn, BlinkOff],
        LedPattern.FastBlink => [FastBlinkOn, FastBlinkOff],
        LedPattern.Heartbeat => Heartbeat,
        _ => [],
    };
}
