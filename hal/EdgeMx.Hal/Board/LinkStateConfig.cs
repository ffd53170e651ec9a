namespace EdgeMx.Hal.Board;

/// <summary>A GPIO input carrying the PHY's link signal: level = link, active-low if wired so, debounced by the kernel.</summary>
public sealed record LinkStateConfig
{
    public GpioLineConfig? Gpio { get; set; }
    public int DebounceMs { get; set; } = 20;

    /// <summary>"as-is", "pull-up", "pull-down", "disabled".</summary>
    public string Bias { get; set; } = "as-is";
}
