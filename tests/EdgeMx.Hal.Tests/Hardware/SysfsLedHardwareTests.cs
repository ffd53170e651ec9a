using EdgeMx.Hal.Leds;
using EdgeMx.Hal.Linux.Leds;

namespace EdgeMx.Hal.Tests.Hardware;

/// <summary>
/// The sysfs LED backend on a real LED of the kernel's LED class (the Pi's ACT LED, <see cref="PiWiring.SysfsLed"/>):
/// the kernel accepts every trigger we write and creates the timer trigger's delay files, which a temp directory
/// (SysfsLedChannelTests) cannot prove. The LED's own trigger is put back afterwards.
/// </summary>
[Trait("Category", PiWiring.Trait)]
[Collection(nameof(PiWiring))]
public sealed class SysfsLedHardwareTests
{
    [Fact]
    public void Every_pattern_selects_its_kernel_trigger_on_a_real_led()
    {
        var directory = Path.Combine(SysfsLedChannel.DefaultRoot, PiWiring.SysfsLed);
        if (!Directory.Exists(directory))
            throw new InvalidOperationException($"{directory} does not exist: this hardware test needs a board with that LED (set EDGEMX_HW_SYSFS_LED; on a Pi 4 it is ACT, on older kernels led0)");
        var original = Selected(File.ReadAllText(Path.Combine(directory, "trigger")));
        var led = new SysfsLedChannel(PiWiring.SysfsLed);
        try
        {
            led.Show(LedPattern.Blink);
            Assert.Equal("timer", Selected(Read(directory, "trigger")));
            Assert.Equal("500", Read(directory, "delay_on"));
            Assert.Equal("500", Read(directory, "delay_off"));

            led.Show(LedPattern.FastBlink);
            Assert.Equal(("timer", "100", "100"), (Selected(Read(directory, "trigger")), Read(directory, "delay_on"), Read(directory, "delay_off")));

            led.Show(LedPattern.Heartbeat);
            Assert.Equal(led.HasHeartbeatTrigger ? "heartbeat" : "timer", Selected(Read(directory, "trigger")));

            led.Show(LedPattern.Solid);
            Assert.Equal("none", Selected(Read(directory, "trigger")));
            Assert.Equal(Read(directory, "max_brightness"), Read(directory, "brightness"));

            led.Show(null);
            Assert.Equal(("none", "0"), (Selected(Read(directory, "trigger")), Read(directory, "brightness")));
        }
        finally
        {
            File.WriteAllText(Path.Combine(directory, "trigger"), original);
        }
    }

    private static string Read(string directory, string file) => File.ReadAllText(Path.Combine(directory, file)).Trim();

    // "none [mmc0] timer heartbeat" → "mmc0"
    private static string Selected(string triggers) =>
        triggers.Split(' ', StringSplitOptions.RemoveEmptyEntries).Single(t => t.StartsWith('[')).Trim('[', ']');
}
