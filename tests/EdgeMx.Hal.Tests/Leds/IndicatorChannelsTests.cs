using EdgeMx.Hal.Leds;

namespace EdgeMx.Hal.Tests.Leds;

public class IndicatorChannelsTests
{
    private sealed class Recorder(string name) : ILedChannel
    {
        public LedPattern? Shown { get; private set; }
        public int Writes { get; private set; }
        public bool Fail { get; set; }
        public string Description => name;
        public void Show(LedPattern? pattern)
        {
            if (Fail) throw new IOException("write failed");
            Shown = pattern;
            Writes++;
        }
        public void Dispose() { }
    }

    [Theory]
    [InlineData(LedColour.Off, LedPattern.Solid, null, null)]
    [InlineData(LedColour.Green, LedPattern.Solid, LedPattern.Solid, null)]
    [InlineData(LedColour.Red, LedPattern.FastBlink, null, LedPattern.FastBlink)]
    [InlineData(LedColour.Amber, LedPattern.Blink, LedPattern.Blink, LedPattern.Blink)]
    public void A_bicolour_led_shows_amber_as_green_and_red_together(LedColour colour, LedPattern pattern,
        LedPattern? green, LedPattern? red)
    {
        var (g, r) = (new Recorder("g"), new Recorder("r"));
        var panel = new PhysicalLedPanel("gpio", new Dictionary<string, IndicatorChannels> { ["vpn"] = new(g, r, null, null) });
        panel.Show("vpn", new LedState(colour, pattern));
        Assert.Equal((green, red), (g.Shown, r.Shown));
    }

    [Theory]
    [InlineData(LedColour.Green, LedPattern.Solid, LedPattern.Solid)]
    [InlineData(LedColour.Amber, LedPattern.Solid, LedPattern.Blink)]
    [InlineData(LedColour.Red, LedPattern.Solid, LedPattern.FastBlink)]
    [InlineData(LedColour.Green, LedPattern.Heartbeat, LedPattern.Heartbeat)] // the state's own pattern wins
    [InlineData(LedColour.Amber, LedPattern.Blink, LedPattern.Blink)]
    [InlineData(LedColour.Off, LedPattern.Solid, null)]
    public void A_single_colour_led_maps_colours_to_the_boards_patterns(LedColour colour, LedPattern pattern, LedPattern? expected)
    {
        var only = new Recorder("act");
        var patterns = new Dictionary<LedColour, LedPattern>
        {
            [LedColour.Green] = LedPattern.Solid, [LedColour.Amber] = LedPattern.Blink, [LedColour.Red] = LedPattern.FastBlink,
        };
        var panel = new PhysicalLedPanel("sysfs", new Dictionary<string, IndicatorChannels> { ["system"] = new(only, null, null, patterns) });
        panel.Show("system", new LedState(colour, pattern));
        Assert.Equal(expected, only.Shown);
    }

    [Fact]
    public void A_dedicated_amber_led_is_used_alone_for_amber()
    {
        var (g, r, a) = (new Recorder("g"), new Recorder("r"), new Recorder("a"));
        var panel = new PhysicalLedPanel("gpio", new Dictionary<string, IndicatorChannels> { ["wan1"] = new(g, r, a, null) });
        panel.Show("wan1", LedState.Solid(LedColour.Amber));
        Assert.Equal((null, null, LedPattern.Solid), (g.Shown, r.Shown, a.Shown));
        panel.Show("wan1", LedState.Solid(LedColour.Green));
        Assert.Equal((LedPattern.Solid, null, null), (g.Shown, r.Shown, a.Shown));
    }

    [Fact]
    public void Unchanged_channels_are_not_written_again_and_failures_name_the_led_and_are_retried()
    {
        var (g, r) = (new Recorder("gpiochip0:5"), new Recorder("gpiochip0:6"));
        var panel = new PhysicalLedPanel("gpio", new Dictionary<string, IndicatorChannels> { ["wan1"] = new(g, r, null, null) });
        panel.Show("wan1", LedState.Solid(LedColour.Green));
        panel.Show("wan1", LedState.Solid(LedColour.Green));
        Assert.Equal(1, g.Writes);

        r.Fail = true;
        var e = Assert.Throws<LedWriteException>(() => panel.Show("wan1", LedState.Solid(LedColour.Amber)));
        Assert.Equal("wan1", e.Indicator);
        Assert.Contains("gpiochip0:6", e.Message);
        r.Fail = false;
        panel.Show("wan1", LedState.Solid(LedColour.Amber)); // the failed channel is written again
        Assert.Equal(LedPattern.Solid, r.Shown);

        panel.Show("dia", LedState.Solid(LedColour.Green)); // a board without that LED: ignored
    }

    [Fact]
    public void Misconfigured_indicators_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new IndicatorChannels(null, null, null, null));
        Assert.Throws<ArgumentException>(() => new IndicatorChannels(new Recorder("x"), null, null, null));
    }
}
