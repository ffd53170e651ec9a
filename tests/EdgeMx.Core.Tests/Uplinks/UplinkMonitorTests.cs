using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.State;
using EdgeMx.Core.Uplinks;
using EdgeMx.Testing;

namespace EdgeMx.Core.Tests.Uplinks;

public sealed class UplinkMonitorTests
{
    private readonly ManualTimeProvider _time = new();

    private static MonitoringSettings Settings(bool all = false, int window = 4) => MonitoringSettings.Default with
    {
        FailureThreshold = 3,
        RecoveryThreshold = 3,
        WindowRounds = window,
        RoundPassesWhenAll = all,
        DegradedLossPercent = 20,
        DegradedLatency = TimeSpan.FromMilliseconds(300),
        Probes =
        [
            new ProbeConfig { Method = "icmp", Target = "203.0.113.100" },
            new ProbeConfig { Method = "http", Url = "http://203.0.113.100/health" },
        ],
    };

    private UplinkMonitor NewMonitor(MonitoringSettings? settings = null)
    {
        var m = new UplinkMonitor("wan1", settings ?? Settings(), _time);
        m.OnLink(up: true);
        return m;
    }

    private static ProbeOutcome[] Pass(double ms = 10) => [ProbeOutcome.Passed(0, TimeSpan.FromMilliseconds(ms)), ProbeOutcome.Passed(1, TimeSpan.FromMilliseconds(ms))];
    private static ProbeOutcome[] Fail() => [ProbeOutcome.Failed(0, "timeout"), ProbeOutcome.Failed(1, "connection refused")];
    private static ProbeOutcome[] Half() => [ProbeOutcome.Passed(0, TimeSpan.FromMilliseconds(10)), ProbeOutcome.Failed(1, "http 503")];

    private MonitorTransition? Round(UplinkMonitor m, ProbeOutcome[] outcomes)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return m.OnRound(outcomes);
    }

    [Fact]
    public void Starts_pending_and_the_first_passing_round_makes_it_up()
    {
        var m = NewMonitor();
        Assert.Equal(MonitorStatus.Pending, m.Status);
        var t = Round(m, Pass());
        Assert.Equal((MonitorStatus.Pending, MonitorStatus.Up), (t!.From, t.To));
        Assert.Null(m.Reason);
    }

    [Fact]
    public void Fails_after_the_failure_threshold_of_failed_rounds_in_a_row_and_says_which_probes_failed()
    {
        var m = NewMonitor();
        Round(m, Pass());
        Assert.Null(Round(m, Fail()));
        Assert.Null(Round(m, Fail()));
        var t = Round(m, Fail());

        Assert.Equal(MonitorStatus.Failed, t!.To);
        Assert.False(t.ByLink);
        Assert.Contains("3 probe round(s) in a row failed (threshold 3)", t.Reason);
        Assert.Contains("icmp 203.0.113.100 timeout", t.Reason);
        Assert.Contains("http http://203.0.113.100/health connection refused", t.Reason);
        Assert.Equal(1, m.Failures);
    }

    [Fact]
    public void A_passing_round_resets_the_failure_count()
    {
        var m = NewMonitor();
        Round(m, Pass());
        Round(m, Fail());
        Round(m, Fail());
        Round(m, Pass());
        Round(m, Fail());
        Assert.Null(Round(m, Fail()));
        Assert.NotEqual(MonitorStatus.Failed, m.Status);
    }

    [Fact]
    public void By_default_one_passing_probe_passes_the_round()
    {
        var m = NewMonitor(Settings(window: 100));
        Round(m, Pass());
        for (var i = 0; i < 5; i++) Round(m, Half());
        Assert.NotEqual(MonitorStatus.Failed, m.Status);
    }

    [Fact]
    public void With_round_passes_all_one_failing_probe_fails_the_round()
    {
        var m = NewMonitor(Settings(all: true));
        Round(m, Pass());
        Round(m, Half());
        Round(m, Half());
        Assert.Equal(MonitorStatus.Failed, Round(m, Half())!.To);
    }

    [Fact]
    public void Recovery_needs_the_recovery_threshold_of_passing_rounds_in_a_row()
    {
        var m = NewMonitor(Settings(window: 10));
        Round(m, Pass());
        for (var i = 0; i < 3; i++) Round(m, Fail());
        Assert.Equal(MonitorStatus.Failed, m.Status);

        Assert.Null(Round(m, Pass()));
        Assert.Null(Round(m, Pass()));
        Assert.Contains("2 of 3", m.Reason);
        Assert.Null(Round(m, Fail()));  // a relapse starts the count again
        Assert.Null(Round(m, Pass()));
        Assert.Null(Round(m, Pass()));
        var t = Round(m, Pass());
        Assert.Equal((MonitorStatus.Failed, MonitorStatus.Up), (t!.From, t.To));
        Assert.Equal(TimeSpan.FromSeconds(6), t.After);
    }

    [Fact]
    public void Carrier_loss_fails_at_once_and_carrier_return_still_needs_passing_rounds()
    {
        var m = NewMonitor();
        Round(m, Pass());
        var down = m.OnLink(up: false);
        Assert.Equal((MonitorStatus.Up, MonitorStatus.Failed, true), (down!.From, down.To, down.ByLink));
        Assert.Equal("carrier lost (link down)", down.Reason);

        Assert.Null(m.OnRound(Fail())); // probe results racing the carrier loss are ignored
        Assert.Null(m.OnLink(up: true));
        Assert.Equal(MonitorStatus.Failed, m.Status);
        Assert.Contains("carrier restored", m.Reason);
        Round(m, Pass());
        Round(m, Pass());
        Assert.Equal(MonitorStatus.Up, Round(m, Pass())!.To);
    }

    [Fact]
    public void Without_probes_the_carrier_alone_decides()
    {
        var m = new UplinkMonitor("wan1", MonitoringSettings.Default, _time);
        Assert.Equal(MonitorStatus.Up, m.OnLink(up: true)!.To);
        Assert.Equal(MonitorStatus.Failed, m.OnLink(up: false)!.To);
        Assert.Equal(MonitorStatus.Up, m.OnLink(up: true)!.To);
    }

    [Fact]
    public void Loss_over_the_window_degrades_and_clears()
    {
        var m = NewMonitor(Settings(window: 4));
        Round(m, Pass());
        Round(m, Pass());
        var t = Round(m, Half()); // 1 lost of 6 = 16.7 %: still up
        Assert.Null(t);
        t = Round(m, Half()); // 2 of 8 = 25 %
        Assert.Equal(MonitorStatus.Degraded, t!.To);
        Assert.Contains("loss 25 % over the last 4 round(s) (threshold 20 %)", t.Reason);
        Assert.Equal(25, m.LossPercent);

        Assert.Null(Round(m, Pass())); // window P H H P: still 2 of 8
        Assert.Null(Round(m, Pass())); // H H P P: still 2 of 8
        Assert.Equal(MonitorStatus.Up, Round(m, Pass())!.To); // H P P P: 1 of 8
    }

    [Fact]
    public void Latency_over_threshold_degrades()
    {
        var m = NewMonitor(Settings(window: 2));
        Round(m, Pass(100));
        var t = Round(m, Pass(600));
        Assert.Equal(MonitorStatus.Degraded, t!.To);
        Assert.Contains("average round-trip 350 ms (threshold 300 ms)", t.Reason);
        Assert.Equal(350, m.LatencyMs);
    }

    [Fact]
    public void Loss_is_not_judged_on_a_window_that_is_too_short()
    {
        var m = NewMonitor(Settings(window: 10));
        Assert.Equal(MonitorStatus.Up, Round(m, Half())!.To); // 50 % loss, but only one round of ten
    }

    [Fact]
    public void A_failing_uplink_at_start_stays_pending_then_fails()
    {
        var m = NewMonitor();
        Assert.Null(Round(m, Fail()));
        Assert.Contains("1 of 3", m.Reason);
        Round(m, Fail());
        Assert.Equal((MonitorStatus.Pending, MonitorStatus.Failed), (Round(m, Fail())!.From, m.Status));
    }

    [Fact]
    public void Counters_and_per_probe_results_are_kept()
    {
        var m = NewMonitor();
        Round(m, Pass(12));
        Round(m, Half());
        Assert.Equal(4, m.ProbesSent);
        Assert.Equal(1, m.ProbesFailed);
        Assert.Equal((2L, 0L, true), (m.Probes[0].Sent, m.Probes[0].Failed, m.Probes[0].LastSuccess!.Value));
        Assert.Equal(("http 503", 1L), (m.Probes[1].LastFailure, m.Probes[1].Failed));
        Assert.Equal(_time.GetUtcNow(), m.Probes[1].LastAt);
    }

    [Fact]
    public void A_black_holed_path_goes_straight_from_up_to_failed()
    {
        var m = NewMonitor(Settings(window: 2));
        Round(m, Pass());
        Round(m, Pass());
        var transitions = Enumerable.Range(0, 3).Select(_ => Round(m, Fail())).Where(t => t is not null).ToList();
        var t = Assert.Single(transitions);
        Assert.Equal((MonitorStatus.Up, MonitorStatus.Failed), (t!.From, t.To));
    }
}
