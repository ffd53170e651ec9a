using EdgeMx.Hal.Leds;
using EdgeMx.Hal.Linux.Leds;

namespace EdgeMx.Hal.Tests.Leds;

/// <summary>Against a temporary directory shaped like /sys/class/leds (brightness, max_brightness, trigger,
/// delay_on, delay_off), every state's writes are checked.</summary>
public class SysfsLedChannelTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("edgemx-leds-");

    public void Dispose() => _root.Delete(recursive: true);

    private string MakeLed(string name, string triggers = "none [mmc0] timer heartbeat default-on", int max = 255)
    {
        var dir = Path.Combine(_root.FullName, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "brightness"), "0\n");
        File.WriteAllText(Path.Combine(dir, "max_brightness"), $"{max}\n");
        File.WriteAllText(Path.Combine(dir, "trigger"), triggers + "\n");
        File.WriteAllText(Path.Combine(dir, "delay_on"), "");
        File.WriteAllText(Path.Combine(dir, "delay_off"), "");
        return dir;
    }

    private static string Read(string dir, string file) => File.ReadAllText(Path.Combine(dir, file)).TrimEnd('\n');

    [Theory]
    [InlineData(null, "none", "0", "", "")]
    [InlineData(LedPattern.Solid, "none", "255", "", "")]
    [InlineData(LedPattern.Blink, "timer", "0", "500", "500")]
    [InlineData(LedPattern.FastBlink, "timer", "0", "100", "100")]
    [InlineData(LedPattern.Heartbeat, "heartbeat", "0", "", "")]
    public void Each_state_writes_trigger_brightness_and_delays(LedPattern? pattern, string trigger, string brightness,
        string delayOn, string delayOff)
    {
        var dir = MakeLed("ACT");
        var led = new SysfsLedChannel("ACT", _root.FullName);
        Assert.True(led.HasHeartbeatTrigger);
        led.Show(pattern);
        Assert.Equal(trigger, Read(dir, "trigger"));
        Assert.Equal(brightness, Read(dir, "brightness"));
        Assert.Equal(delayOn, Read(dir, "delay_on"));
        Assert.Equal(delayOff, Read(dir, "delay_off"));
    }

    [Fact]
    public void Heartbeat_falls_back_to_the_timer_trigger_without_ledtrig_heartbeat()
    {
        var dir = MakeLed("led0", "none [mmc0] timer", max: 1);
        var led = new SysfsLedChannel("led0", _root.FullName);
        Assert.False(led.HasHeartbeatTrigger);
        led.Show(LedPattern.Heartbeat);
        Assert.Equal(("timer", "100", "900"), (Read(dir, "trigger"), Read(dir, "delay_on"), Read(dir, "delay_off")));
        led.Show(LedPattern.Solid);
        Assert.Equal(("none", "1"), (Read(dir, "trigger"), Read(dir, "brightness")));
        led.Show(null);
        Assert.Equal("0", Read(dir, "brightness"));
    }

    [Fact]
    public void A_missing_led_or_a_missing_attribute_is_a_clear_write_error()
    {
        var missing = Assert.Throws<LedWriteException>(() => new SysfsLedChannel("nope", _root.FullName));
        Assert.Contains("no such LED", missing.Message);
        Assert.Throws<ArgumentException>(() => new SysfsLedChannel("../etc", _root.FullName));

        var dir = MakeLed("PWR");
        var led = new SysfsLedChannel("PWR", _root.FullName);
        File.Delete(Path.Combine(dir, "delay_on")); // as if the timer trigger did not take
        var e = Assert.Throws<LedWriteException>(() => led.Show(LedPattern.Blink));
        Assert.Equal("PWR", e.Indicator);
        Assert.Contains("delay_on", e.Message);
    }
}
