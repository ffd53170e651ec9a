namespace EdgeMx.Core.Configuration.Model;

public sealed partial class ApplianceConfig
{
    /// <summary>The board profile (board-configs/boards/): a shipped id ("rpi4b") or a path to a profile file.
    /// Null = "lab" when running in the lab, otherwise no LEDs and netlink link state (see README, LEDs).</summary>
    public string? Board { get; set; }
}
