namespace EdgeMx.Hal.Leds;

/// <summary>The indicator names every board uses (board configs, status, the simulated panel).</summary>
public static class LedIndicators
{
    public const string Wan1 = "wan1";
    public const string Wan2 = "wan2";
    public const string Vpn = "vpn";
    public const string Dia = "dia";
    public const string System = "system";

    public static readonly IReadOnlyList<string> All = [Wan1, Wan2, Vpn, Dia, System];
}
