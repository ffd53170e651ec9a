using System.Diagnostics;
using EdgeMx.Hal.Leds;
using EdgeMx.Hal.Linux.Gpio;
using EdgeMx.Hal.Linux.Interop;
using EdgeMx.Hal.Linux.Leds;
using EdgeMx.Hal.Linux.Links;

namespace EdgeMx.Hal.Tests.Hardware;

/// <summary>
/// The GPIO character-device backend on real hardware, through the loopback of <see cref="PiWiring"/> (GPIO 17 →
/// 1 kΩ → GPIO 27): what the fake descriptor layer of GpioSequenceTests cannot show — that the kernel accepts our
/// structs, drives the pin, reports both edges (logical, after active-low), debounces, and frees lines on close.
/// </summary>
[Trait("Category", PiWiring.Trait)]
[Collection(nameof(PiWiring))] // one bench, one pair of pins: never two of these at once
public sealed class GpioLoopbackTests
{
    private static readonly TimeSpan EdgeDeadline = TimeSpan.FromSeconds(1);

    [Fact]
    public void The_chip_answers_with_its_label_and_enough_lines()
    {
        PiWiring.RequireChip();
        using var chip = new GpioChip(PiWiring.Chip);
        Assert.False(string.IsNullOrEmpty(chip.Label));
        Assert.True(chip.Lines > Math.Max(PiWiring.Output, PiWiring.Input), $"{chip.Path} ({chip.Label}) has {chip.Lines} lines");
    }

    [Fact]
    public void The_output_drives_the_input_and_both_edges_arrive_as_events()
    {
        PiWiring.RequireChip();
        using var chip = new GpioChip(PiWiring.Chip);
        using var output = chip.RequestOutputs([PiWiring.Output], activeLow: false, initial: false);
        using var input = chip.RequestEdgeInput(PiWiring.Input, activeLow: false, TimeSpan.Zero, GpioBias.PullDown);
        Assert.True(input.GetValues(1) == 0, $"input reads high with the output low: check the wiring ({PiWiring.Description})");

        output.Set(0, true);
        var rising = NextEdge(input);
        Assert.True(rising.Rising);
        Assert.Equal(PiWiring.Input, rising.Offset);
        Assert.Equal(1UL, input.GetValues(1));

        output.Set(0, false);
        var falling = NextEdge(input);
        Assert.False(falling.Rising);
        Assert.True(falling.TimestampNs > rising.TimestampNs);
        Assert.True(falling.Sequence > rising.Sequence);
        Assert.Equal(0UL, input.GetValues(1));
    }

    [Fact]
    public void Active_low_is_applied_by_the_kernel_to_levels_and_edges()
    {
        PiWiring.RequireChip();
        using var chip = new GpioChip(PiWiring.Chip);
        using var output = chip.RequestOutputs([PiWiring.Output], activeLow: false, initial: false);
        using var input = chip.RequestEdgeInput(PiWiring.Input, activeLow: true, TimeSpan.Zero, GpioBias.PullDown);
        Assert.Equal(1UL, input.GetValues(1)); // physically low = active
        output.Set(0, true);
        Assert.False(NextEdge(input).Rising); // physically rising = becoming inactive
        Assert.Equal(0UL, input.GetValues(1));
    }

    [Fact]
    public void A_held_line_is_busy_and_closing_the_request_releases_it()
    {
        PiWiring.RequireChip();
        using var chip = new GpioChip(PiWiring.Chip);
        var first = chip.RequestOutputs([PiWiring.Output], activeLow: false);
        var busy = Assert.Throws<LinuxErrorException>(() => chip.RequestOutputs([PiWiring.Output], activeLow: false).Dispose());
        Assert.Equal(Libc.EBUSY, busy.Errno);
        first.Dispose();
        chip.RequestOutputs([PiWiring.Output], activeLow: false).Dispose();
    }

    [Fact]
    public async Task A_debounced_link_input_ignores_a_glitch_and_reports_real_changes()
    {
        PiWiring.RequireChip();
        using var chip = new GpioChip(PiWiring.Chip);
        using var output = chip.RequestOutputs([PiWiring.Output], activeLow: false, initial: false);
        var link = new GpioLinkInput("wan-hw", PiWiring.Chip, PiWiring.Input, ActiveLow: false, TimeSpan.FromMilliseconds(20), GpioBias.PullDown);
        await using var source = new GpioLinkStateSource([link]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var changes = source.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await changes.MoveNextAsync());
        Assert.Equal(("wan-hw", false), (changes.Current.Interface, changes.Current.CarrierUp)); // the level at start

        // A 2 ms pulse is shorter than the 20 ms debounce period: the kernel must swallow it.
        output.Set(0, true);
        Thread.Sleep(2);
        output.Set(0, false);
        var next = changes.MoveNextAsync().AsTask();
        await Task.Delay(200);
        Assert.False(next.IsCompleted, "a 2 ms glitch got through the 20 ms debounce");

        var watch = Stopwatch.StartNew();
        output.Set(0, true);
        Assert.True(await next.WaitAsync(EdgeDeadline));
        Assert.True(changes.Current.CarrierUp);
        Assert.InRange(watch.ElapsedMilliseconds, 15, 500); // after the debounce period, well before a poll would
        Assert.StartsWith("gpio ", changes.Current.Source);

        output.Set(0, false);
        Assert.True(await changes.MoveNextAsync().AsTask().WaitAsync(EdgeDeadline));
        Assert.False(changes.Current.CarrierUp);
    }

    [Fact]
    public void A_gpio_led_blinks_at_the_documented_rate()
    {
        PiWiring.RequireChip();
        using var chip = new GpioChip(PiWiring.Chip);
        using var input = chip.RequestEdgeInput(PiWiring.Input, activeLow: false, TimeSpan.Zero, GpioBias.PullDown);
        using var led = new GpioLedChannel(chip.RequestOutputs([PiWiring.Output], activeLow: false), "hardware test LED",
            new SoftwareBlinker(TimeProvider.System));

        led.Show(LedPattern.Blink);
        var edges = Enumerable.Range(0, 5).Select(_ => NextEdge(input)).ToList();
        led.Show(null);
        // LedTimings.BlinkOn/BlinkOff: 0.5 s each; the software blinker may be a few ms late, never early by much.
        for (var i = 1; i < edges.Count; i++)
        {
            Assert.NotEqual(edges[i - 1].Rising, edges[i].Rising);
            var ms = (edges[i].TimestampNs - edges[i - 1].TimestampNs) / 1e6;
            Assert.InRange(ms, 450, 650);
        }
        Assert.Equal(0UL, input.GetValues(1));
    }

    private static GpioLineEvent NextEdge(GpioLineRequest input)
    {
        using var deadline = new CancellationTokenSource(EdgeDeadline);
        var events = input.WaitForEvents(deadline.Token);
        Assert.True(events.Count > 0, $"no edge on GPIO {PiWiring.Input} within {EdgeDeadline.TotalSeconds} s: check the wiring ({PiWiring.Description})");
        return events[0];
    }
}
