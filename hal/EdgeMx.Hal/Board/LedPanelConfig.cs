namespace EdgeMx.Hal.Board;

/// <summary>
/// The board's status LEDs. <see cref="Panel"/>: "hardware" (GPIO lines and/or sysfs LEDs per indicator) or
/// "simulated" (no LEDs: in-memory panel written to <see cref="StateFile"/>).
/// </summary>
public sealed record LedPanelConfig
{
    public string Panel { get; set; } = "simulated";
    public string? StateFile { get; set; }

    /// <summary>By indicator name: wan1, wan2, vpn, dia, system.</summary>
    public Dictionary<string, IndicatorConfig> Indicators { get; set; } = [];
}
