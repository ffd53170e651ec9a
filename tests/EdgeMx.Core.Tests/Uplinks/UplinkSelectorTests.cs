using EdgeMx.Core.State;
using EdgeMx.Core.Uplinks;
using EdgeMx.Testing;

namespace EdgeMx.Core.Tests.Uplinks;

public sealed class UplinkSelectorTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(15);
    private readonly ManualTimeProvider _time = new();

    private UplinkSelector NewSelector(bool failoverOnDegraded = false, params string[] uplinks) =>
        new(uplinks.Length == 0 ? ["wan1", "wan2"] : uplinks, "wan1", Hold, failoverOnDegraded, _time);

    private static UplinkHealth[] H(MonitorStatus wan1, MonitorStatus wan2) =>
        [new("wan1", wan1, wan1 == MonitorStatus.Failed ? "carrier lost (link down)" : null), new("wan2", wan2)];

    private SelectionChange? At(UplinkSelector s, double seconds, MonitorStatus wan1, MonitorStatus wan2)
    {
        _time.Advance(TimeSpan.FromSeconds(seconds));
        return s.Evaluate(H(wan1, wan2));
    }

    [Fact]
    public void Starts_on_the_primary_even_before_it_is_judged()
    {
        var s = NewSelector();
        var c = s.Evaluate(H(MonitorStatus.Pending, MonitorStatus.Pending));
        Assert.Equal((SelectionChangeKind.Initial, null, "wan1"), (c!.Kind, c.From, c.To));
        Assert.Equal("wan1", s.Active);
    }

    [Fact]
    public void Starts_on_the_standby_when_the_primary_is_down_at_start()
    {
        var s = NewSelector();
        var c = s.Evaluate(H(MonitorStatus.Failed, MonitorStatus.Pending));
        Assert.Equal("wan2", c!.To);
        Assert.Contains("primary wan1 is not usable", c.Reason);
    }

    [Fact]
    public void Fails_over_at_once_when_the_primary_fails()
    {
        var s = NewSelector();
        s.Evaluate(H(MonitorStatus.Up, MonitorStatus.Up));
        var c = At(s, 1, MonitorStatus.Failed, MonitorStatus.Up);
        Assert.Equal((SelectionChangeKind.Failover, "wan1", "wan2"), (c!.Kind, c.From, c.To));
        Assert.Contains("primary wan1 is failed: carrier lost", c.Reason);
    }

    [Fact]
    public void Fails_back_only_after_the_primary_was_healthy_for_the_hold_time()
    {
        var s = NewSelector();
        s.Evaluate(H(MonitorStatus.Up, MonitorStatus.Up));
        At(s, 1, MonitorStatus.Failed, MonitorStatus.Up);

        Assert.Null(At(s, 5, MonitorStatus.Up, MonitorStatus.Up)); // primary healthy again: hold starts
        var due = s.NextEvaluation!.Value;
        Assert.Equal(Hold, _time.GetElapsedTime(_time.GetTimestamp(), due)); // the service re-evaluates when the hold ends
        Assert.Null(At(s, 14.9, MonitorStatus.Up, MonitorStatus.Up));
        Assert.Equal("wan2", s.Active);

        var c = At(s, 0.1, MonitorStatus.Up, MonitorStatus.Up);
        Assert.Equal((SelectionChangeKind.Failback, "wan2", "wan1"), (c!.Kind, c.From, c.To));
        Assert.Equal(Hold, c.PrimaryStableFor);
        Assert.Contains("healthy for 15.0 s (hold time 15.0 s)", c.Reason);
        Assert.Null(s.NextEvaluation);
    }

    [Fact]
    public void A_flapping_primary_never_flaps_traffic()
    {
        var s = NewSelector();
        s.Evaluate(H(MonitorStatus.Up, MonitorStatus.Up));
        Assert.Equal(SelectionChangeKind.Failover, At(s, 1, MonitorStatus.Failed, MonitorStatus.Up)!.Kind);

        // Up for 10 s, down for 2 s, for five minutes: never the 15 s in one piece that failback needs.
        for (var i = 0; i < 25; i++)
        {
            Assert.Null(At(s, 2, MonitorStatus.Up, MonitorStatus.Up));
            for (var t = 0; t < 8; t++) Assert.Null(At(s, 1, MonitorStatus.Up, MonitorStatus.Up));
            Assert.Null(At(s, 2, MonitorStatus.Failed, MonitorStatus.Up));
            Assert.Equal("wan2", s.Active);
        }
    }

    [Fact]
    public void A_degraded_primary_keeps_traffic_unless_configured_otherwise()
    {
        var calm = NewSelector();
        calm.Evaluate(H(MonitorStatus.Up, MonitorStatus.Up));
        Assert.Null(At(calm, 1, MonitorStatus.Degraded, MonitorStatus.Up));

        var strict = NewSelector(failoverOnDegraded: true);
        strict.Evaluate(H(MonitorStatus.Up, MonitorStatus.Up));
        Assert.Null(At(strict, 1, MonitorStatus.Degraded, MonitorStatus.Degraded)); // no better place to go
        var c = At(strict, 1, MonitorStatus.Degraded, MonitorStatus.Up);
        Assert.Equal(SelectionChangeKind.Failover, c!.Kind);
        Assert.Contains("degraded", c.Reason);
        // and it does not fail back to a degraded primary
        Assert.Null(At(strict, 60, MonitorStatus.Degraded, MonitorStatus.Up));
    }

    [Fact]
    public void When_the_standby_fails_too_traffic_goes_back_to_a_usable_primary_without_waiting()
    {
        var s = NewSelector();
        s.Evaluate(H(MonitorStatus.Up, MonitorStatus.Up));
        At(s, 1, MonitorStatus.Failed, MonitorStatus.Up);
        At(s, 1, MonitorStatus.Up, MonitorStatus.Up);
        var c = At(s, 1, MonitorStatus.Up, MonitorStatus.Failed);
        Assert.Equal((SelectionChangeKind.Switch, "wan2", "wan1"), (c!.Kind, c.From, c.To));
    }

    [Fact]
    public void With_nothing_usable_the_route_stays_and_it_is_reported_once()
    {
        var s = NewSelector();
        s.Evaluate(H(MonitorStatus.Up, MonitorStatus.Up));
        var c = At(s, 1, MonitorStatus.Failed, MonitorStatus.Failed);
        Assert.Equal((SelectionChangeKind.NoneUsable, "wan1", "wan1"), (c!.Kind, c.From, c.To));
        Assert.Null(At(s, 1, MonitorStatus.Failed, MonitorStatus.Failed));
        Assert.Equal("wan1", s.Active);

        var back = At(s, 1, MonitorStatus.Failed, MonitorStatus.Up);
        Assert.Equal((SelectionChangeKind.Failover, "wan2"), (back!.Kind, back.To));
    }

    [Fact]
    public void An_up_standby_is_preferred_over_an_earlier_degraded_one()
    {
        var s = new UplinkSelector(["wan1", "wan2", "lte"], "wan1", Hold, false, _time);
        s.Evaluate([new("wan1", MonitorStatus.Up), new("wan2", MonitorStatus.Up), new("lte", MonitorStatus.Up)]);
        var c = s.Evaluate([new("wan1", MonitorStatus.Failed), new("wan2", MonitorStatus.Degraded), new("lte", MonitorStatus.Up)]);
        Assert.Equal("lte", c!.To);
    }

    [Fact]
    public void Nothing_is_decided_while_no_uplink_was_ever_usable()
    {
        var s = NewSelector();
        Assert.Null(s.Evaluate(H(MonitorStatus.Failed, MonitorStatus.Failed)));
        Assert.Null(s.Active);
        Assert.Equal(SelectionChangeKind.Initial, s.Evaluate(H(MonitorStatus.Failed, MonitorStatus.Up))!.Kind);
    }
}
