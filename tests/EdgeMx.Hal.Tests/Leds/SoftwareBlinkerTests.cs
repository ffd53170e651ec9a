using EdgeMx.Hal.Leds;
using EdgeMx.Testing;

namespace EdgeMx.Hal.Tests.Leds;

public class SoftwareBlinkerTests
{
    [Fact]
    public void Heartbeat_is_a_double_pulse_per_second_driven_by_the_clock()
    {
        var time = new ManualTimeProvider();
        var trace = new List<(TimeSpan At, bool On)>();
        var start = time.GetUtcNow();
        using var blink = new SoftwareBlinker(time).Start(on => trace.Add((time.GetUtcNow() - start, on)), LedPattern.Heartbeat);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(
            new (int, bool)[] { (0, true), (70, false), (320, true), (390, false), (1000, true), (1070, false), (1320, true), (1390, false), (2000, true) },
            trace.Select(t => ((int)t.At.TotalMilliseconds, t.On)).ToArray());
    }

    [Fact]
    public void Disposing_stops_it_and_solid_is_not_a_blink()
    {
        var time = new ManualTimeProvider();
        var count = 0;
        var blink = new SoftwareBlinker(time).Start(_ => count++, LedPattern.Blink);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, count);
        blink.Dispose();
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, count);
        Assert.Throws<ArgumentException>(() => new SoftwareBlinker(time).Start(_ => { }, LedPattern.Solid));
    }
}
