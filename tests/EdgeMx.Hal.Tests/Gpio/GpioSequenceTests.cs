using EdgeMx.Hal.Leds;
using EdgeMx.Hal.Linux.Gpio;
using EdgeMx.Hal.Linux.Interop;
using EdgeMx.Hal.Linux.Leds;
using EdgeMx.Hal.Linux.Links;
using EdgeMx.Testing;

namespace EdgeMx.Hal.Tests.Gpio;

/// <summary>Request / set / release sequences against the fake descriptor layer (the kernel's side is played by
/// <see cref="FakeGpioDescriptors"/>).</summary>
public class GpioSequenceTests
{
    private readonly FakeGpioDescriptors _fake = new(("/dev/gpiochip0", 58));

    [Fact]
    public void An_led_line_is_requested_as_output_driven_low_set_and_released()
    {
        using (var chip = new GpioChip("gpiochip0", _fake))
        {
            Assert.Equal("gpiochip0", chip.Name);
            Assert.Equal(58u, chip.Lines);
            var line = chip.RequestOutputs([5], activeLow: false);
            var request = Assert.Single(_fake.Requests);
            Assert.Equal([5u], request.Offsets);
            Assert.Equal(GpioUapi.FlagOutput, request.Flags);
            Assert.Equal("edgemx", request.Consumer);
            Assert.Equal([(GpioUapi.AttrOutputValues, 0UL, 1UL)], request.Attributes);
            Assert.False(_fake.Levels[("/dev/gpiochip0", 5)]);

            using var led = new GpioLedChannel(line, "gpiochip0:5", new SoftwareBlinker(new ManualTimeProvider()));
            led.Show(LedPattern.Solid);
            Assert.True(_fake.Levels[("/dev/gpiochip0", 5)]);
            led.Show(null);
            Assert.False(_fake.Levels[("/dev/gpiochip0", 5)]);
        }
        // Disposing the LED drives it low and closes the request fd; disposing the chip closes the chip fd.
        Assert.Empty(_fake.OpenFds);
        Assert.Empty(_fake.Held);
        Assert.Equal(
            ["open /dev/gpiochip0 -> 10", "chipinfo 10", "get-line 10 offsets=5 flags=8 consumer=edgemx",
             "set 11 bits=1 mask=1", "set 11 bits=0 mask=1", "set 11 bits=0 mask=1", "close 11", "close 10"],
            _fake.Calls);
    }

    [Fact]
    public void Active_low_is_left_to_the_kernel_and_multi_line_masks_address_each_line()
    {
        using var chip = new GpioChip("/dev/gpiochip0", _fake);
        using var lines = chip.RequestOutputs([20, 21], activeLow: true, initial: true);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal(GpioUapi.FlagOutput | GpioUapi.FlagActiveLow, request.Flags);
        Assert.Equal([(GpioUapi.AttrOutputValues, 3UL, 3UL)], request.Attributes);
        lines.Set(1, false);
        Assert.Contains("set 11 bits=0 mask=2", _fake.Calls);
        Assert.Equal(1UL, lines.GetValues(3));
    }

    [Fact]
    public void A_busy_line_and_a_line_beyond_the_chip_are_refused_clearly()
    {
        using var chip = new GpioChip("gpiochip0", _fake);
        using var first = chip.RequestOutputs([5], false);
        var busy = Assert.Throws<LinuxErrorException>(() => chip.RequestOutputs([5], false));
        Assert.Equal(Libc.EBUSY, busy.Errno);
        Assert.Contains("GPIO_V2_GET_LINE /dev/gpiochip0 lines 5", busy.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => chip.RequestOutputs([58], false));
        Assert.Contains("0..57", range.Message);
        Assert.Throws<LinuxErrorException>(() => new GpioChip("gpiochip7", _fake));
    }

    [Fact]
    public void Blinking_toggles_the_line_on_the_manual_clock_and_stops_when_changed()
    {
        var time = new ManualTimeProvider();
        using var chip = new GpioChip("gpiochip0", _fake);
        using var led = new GpioLedChannel(chip.RequestOutputs([6], false), "gpiochip0:6", new SoftwareBlinker(time));
        led.Show(LedPattern.FastBlink);
        Assert.True(_fake.Levels[("/dev/gpiochip0", 6)]);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(_fake.Levels[("/dev/gpiochip0", 6)]);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(_fake.Levels[("/dev/gpiochip0", 6)]);
        var sets = _fake.Calls.Count(c => c.StartsWith("set"));
        led.Show(LedPattern.Solid);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(_fake.Levels[("/dev/gpiochip0", 6)]);
        Assert.Equal(sets + 1, _fake.Calls.Count(c => c.StartsWith("set"))); // no toggling after Solid
        Assert.Equal(0, time.ActiveTimerCount);
    }

    [Fact]
    public void A_failing_write_during_blinking_stops_the_blink_and_is_reported_once()
    {
        var time = new ManualTimeProvider();
        var errors = new List<string>();
        using var chip = new GpioChip("gpiochip0", _fake);
        using var led = new GpioLedChannel(chip.RequestOutputs([6], false), "gpiochip0:6", new SoftwareBlinker(time),
            (what, e) => errors.Add($"{what}: {e.Message}"));
        led.Show(LedPattern.Blink);
        _fake.FailNextSet = Libc.EINVAL;
        time.Advance(TimeSpan.FromSeconds(3));
        var error = Assert.Single(errors);
        Assert.Contains("gpiochip0:6", error);
        Assert.Contains("SET_VALUES", error);
    }

    [Fact]
    public async Task A_link_input_is_an_edge_detecting_debounced_input_whose_events_become_link_changes()
    {
        _fake.Levels[("/dev/gpiochip0", 17)] = true; // link up at start
        var source = new GpioLinkStateSource(
            [new GpioLinkInput("eth1", "gpiochip0", 17, ActiveLow: true, TimeSpan.FromMilliseconds(20), GpioBias.PullUp)], _fake);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal(GpioUapi.FlagInput | GpioUapi.FlagEdgeRising | GpioUapi.FlagEdgeFalling | GpioUapi.FlagActiveLow
                     | GpioUapi.FlagBiasPullUp, request.Flags);
        Assert.Equal([(GpioUapi.AttrDebounce, 20_000UL, 1UL)], request.Attributes);
        Assert.Equal("edgemx-link", request.Consumer);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var changes = source.WatchAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await changes.MoveNextAsync());
        Assert.Equal(("eth1", true), (changes.Current.Interface, changes.Current.CarrierUp));
        Assert.Equal("gpio gpiochip0:17", changes.Current.Source);

        _fake.Edge("/dev/gpiochip0", 17, rising: false);
        Assert.True(await changes.MoveNextAsync());
        Assert.False(changes.Current.CarrierUp);
        _fake.Edge("/dev/gpiochip0", 17, rising: true);
        Assert.True(await changes.MoveNextAsync());
        Assert.True(changes.Current.CarrierUp);
        // No sampling: the only reads of the level are the one at start.
        Assert.Single(_fake.Calls, c => c.StartsWith("get "));

        await source.DisposeAsync();
        Assert.Empty(_fake.OpenFds);
    }
}
