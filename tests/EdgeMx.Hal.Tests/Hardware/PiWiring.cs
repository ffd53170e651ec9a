namespace EdgeMx.Hal.Tests.Hardware;

/// <summary>
/// The bench wiring the hardware tests (trait <c>Category=Hardware</c>) expect on a real Raspberry Pi 4 B or a CM4 on
/// its IO board — README, "Testing on a real Raspberry Pi":
/// <code>
///   header pin 11 (GPIO 17, output) ──[ 1 kΩ ]── header pin 13 (GPIO 27, input)      loopback
///   header pin  9 (GND)                                                               (reference only)
/// </code>
/// The resistor limits the current if both pins are ever driven. The GPIOs are the BCM numbers, which are the line
/// offsets on /dev/gpiochip0 (pinctrl-bcm2711). Override with EDGEMX_HW_GPIO_CHIP, EDGEMX_HW_GPIO_OUT,
/// EDGEMX_HW_GPIO_IN; the sysfs test uses EDGEMX_HW_SYSFS_LED (default ACT). Run as root:
/// <c>dotnet test tests/EdgeMx.Hal.Tests -c Release --filter Category=Hardware</c>.
/// tools/test-all.sh leaves these out (the build machine has no GPIO) and says so in its summary.
/// Without the hardware they fail with this wiring in the message rather than pass: they cannot be green by accident.
/// </summary>
internal static class PiWiring
{
    public const string Trait = "Hardware";

    public static string Chip => Environment.GetEnvironmentVariable("EDGEMX_HW_GPIO_CHIP") ?? "/dev/gpiochip0";
    public static uint Output => Number("EDGEMX_HW_GPIO_OUT", 17);
    public static uint Input => Number("EDGEMX_HW_GPIO_IN", 27);
    public static string SysfsLed => Environment.GetEnvironmentVariable("EDGEMX_HW_SYSFS_LED") ?? "ACT";

    public static string Description =>
        $"GPIO {Output} (output) wired through 1 kΩ to GPIO {Input} (input) on {Chip}: on a Pi 4 B / CM4 IO board header pin 11 → pin 13";

    /// <summary>Fails (never skips) with the wiring to set up when the chip is not there.</summary>
    public static void RequireChip()
    {
        var path = Chip.StartsWith('/') ? Chip : "/dev/" + Chip;
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} does not exist: this hardware test needs a Raspberry Pi with {Description} (README: Testing on a real Raspberry Pi)");
    }

    private static uint Number(string variable, uint fallback) =>
        Environment.GetEnvironmentVariable(variable) is { } text ? uint.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
