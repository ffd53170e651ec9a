namespace EdgeMx.Core.State;

/// <summary>A condition that needs an operator (a crypto provider failing its self-test, …). The system LED blinks
/// fast while any fault is present.</summary>
public sealed record ApplianceFault
{
    /// <summary>The subsystem that raised it: "crypto", "leds", ….</summary>
    public required string Source { get; init; }
    public required string Message { get; init; }
    public DateTimeOffset Since { get; init; }
}
