using EdgeMx.Mqtt.Telemetry;
using EdgeMx.Testing;

namespace EdgeMx.Mqtt.Tests.Telemetry;

public class StatePublishThrottleTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void The_first_change_goes_out_at_once_then_changes_are_coalesced()
    {
        var throttle = new StatePublishThrottle(TimeSpan.FromSeconds(2), _time);
        Assert.Equal(Timeout.InfiniteTimeSpan, throttle.Due());
        throttle.OnChange();
        Assert.Equal(TimeSpan.Zero, throttle.Due());
        throttle.OnPublished();

        _time.Advance(TimeSpan.FromMilliseconds(500));
        throttle.OnChange();
        throttle.OnChange();
        Assert.Equal(TimeSpan.FromMilliseconds(1500), throttle.Due());
        _time.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(TimeSpan.Zero, throttle.Due());
        throttle.OnPublished();
        Assert.Equal(Timeout.InfiniteTimeSpan, throttle.Due());
    }

    [Fact]
    public void A_change_after_a_quiet_spell_is_not_delayed()
    {
        var throttle = new StatePublishThrottle(TimeSpan.FromSeconds(2), _time);
        throttle.OnChange();
        throttle.OnPublished();
        _time.Advance(TimeSpan.FromSeconds(10));
        throttle.OnChange();
        Assert.Equal(TimeSpan.Zero, throttle.Due());
    }

    [Fact]
    public void Publish_now_overrides_the_interval()
    {
        var throttle = new StatePublishThrottle(TimeSpan.FromSeconds(2), _time);
        throttle.OnChange();
        throttle.OnPublished();
        throttle.PublishNow();
        Assert.Equal(TimeSpan.Zero, throttle.Due());
    }
}
