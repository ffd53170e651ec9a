using EdgeMx.Hal.Leds;

namespace EdgeMx.Core.State;

/// <summary>One status LED as the panel shows it, and why (README: "LEDs and the hardware abstraction layer").</summary>
public sealed record LedIndicatorState
{
    /// <summary>wan1, wan2, vpn, dia, system.</summary>
    public required string Name { get; init; }
    public LedColour Colour { get; init; }
    public LedPattern Pattern { get; init; }

    /// <summary>The meaning in words: "active uplink", "phase 1 up, phase 2 down", "fault: …".</summary>
    public string Reason { get; init; } = "";

    public LedState State => new(Colour, Pattern);
}
