using EdgeMx.Core.Board;
using EdgeMx.Hal.Leds;
using EdgeMx.Hal.Linux.Board;
using EdgeMx.Hal.Simulated.Leds;
using EdgeMx.Hal.Tests.Gpio;
using EdgeMx.Testing;

namespace EdgeMx.Hal.Tests.Board;

/// <summary>The shipped Pi profile built into a real panel over the fake GPIO layer and a fake /sys/class/leds.</summary>
public class BoardHardwareTests : IDisposable
{
    private readonly DirectoryInfo _sys = Directory.CreateTempSubdirectory("edgemx-sysleds-");
    private readonly FakeGpioDescriptors _gpio = new(("/dev/gpiochip0", 58));
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _sys.Delete(true);

    private void SysfsLed(string name)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_sys.FullName, name)).FullName;
        foreach (var (f, v) in new[] { ("brightness", "0"), ("max_brightness", "1"), ("trigger", "none [mmc0] timer heartbeat"), ("delay_on", ""), ("delay_off", "") })
            File.WriteAllText(Path.Combine(dir, f), v);
    }

    [Fact]
    public void The_rpi4b_panel_drives_gpio_lines_and_the_act_led()
    {
        SysfsLed("ACT");
        var board = BoardProfileLoader.CreateDefault().Load("rpi4b", "/").Profile!;
        using (var panel = BoardHardware.CreateLedPanel(board.Leds, _time, sysfsRoot: _sys.FullName, gpio: _gpio))
        {
            Assert.Equal("gpio+sysfs", panel.Kind);
            Assert.Equal(7, _gpio.Requests.Count); // 3 bi-colour + DIA
            Assert.Empty(_gpio.OpenFds.Except(_gpio.Requests.Select(r => r.Fd))); // chip fds closed, line fds held

            panel.Show("wan1", LedState.Solid(LedColour.Amber));
            Assert.True(_gpio.Levels[("/dev/gpiochip0", 5)] && _gpio.Levels[("/dev/gpiochip0", 6)]);
            panel.Show("vpn", LedState.Solid(LedColour.Red));
            Assert.Equal((false, true), (_gpio.Levels[("/dev/gpiochip0", 20)], _gpio.Levels[("/dev/gpiochip0", 21)]));
            panel.Show("system", new LedState(LedColour.Green, LedPattern.Heartbeat));
            Assert.Equal("heartbeat", File.ReadAllText(Path.Combine(_sys.FullName, "ACT", "trigger")).Trim());
            panel.Show("system", new LedState(LedColour.Red, LedPattern.FastBlink));
            Assert.Equal(("timer", "100"), (File.ReadAllText(Path.Combine(_sys.FullName, "ACT", "trigger")).Trim(),
                File.ReadAllText(Path.Combine(_sys.FullName, "ACT", "delay_on")).Trim()));
            panel.Show("dia", LedState.Solid(LedColour.Amber)); // single green LED: amber = blink
            _time.Advance(TimeSpan.FromMilliseconds(500));
            Assert.False(_gpio.Levels[("/dev/gpiochip0", 26)]);
        }
        Assert.Empty(_gpio.OpenFds);
    }

    [Fact]
    public void A_missing_led_breaks_only_its_indicator()
    {
        // No ACT in this sysfs: the system LED fails on use, with the reason; the WAN LEDs work.
        var board = BoardProfileLoader.CreateDefault().Load("rpi4b", "/").Profile!;
        using var panel = BoardHardware.CreateLedPanel(board.Leds, _time, sysfsRoot: _sys.FullName, gpio: _gpio);
        var e = Assert.Throws<LedWriteException>(() => panel.Show("system", LedState.Solid(LedColour.Green)));
        Assert.Contains("no such LED", e.Message);
        panel.Show("wan2", LedState.Solid(LedColour.Green));
        Assert.True(_gpio.Levels[("/dev/gpiochip0", 13)]);
    }

    [Fact]
    public void The_lab_and_qemu_boards_get_a_simulated_panel_with_a_state_file()
    {
        var file = Path.Combine(_sys.FullName, "leds.json");
        var board = BoardProfileLoader.CreateDefault().Load("qemu-x64", "/").Profile!;
        using var panel = BoardHardware.CreateLedPanel(board.Leds, _time, stateFileOverride: file);
        var simulated = Assert.IsType<SimulatedLedPanel>(panel);
        simulated.Show("vpn", LedState.Solid(LedColour.Green));
        Assert.Equal(LedState.Solid(LedColour.Green), SimulatedLedPanel.ReadStateFile(file)["vpn"]);
    }

    [Fact]
    public void The_cm4_board_takes_wan2_link_state_from_its_gpio_line()
    {
        var board = BoardProfileLoader.CreateDefault().Load("cm4-io", "/").Profile!;
        var source = BoardHardware.CreateLinkStateSource(board, _time, gpio: _gpio, netlink: new EmptySource());
        Assert.Equal("gpio+netlink", source.Kind);
        var request = Assert.Single(_gpio.Requests);
        Assert.Equal([22u], request.Offsets);
    }

    private sealed class EmptySource : Hal.Links.ILinkStateSource
    {
        public string Kind => "netlink";
        public async IAsyncEnumerable<Hal.Links.LinkStateChange> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
