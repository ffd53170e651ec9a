using EdgeMx.Mqtt.Client;
using EdgeMx.Testing;

namespace EdgeMx.Mqtt.Tests.Client;

public class MqttKeepAliveTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Nothing_to_do_until_keep_alive_passes_then_ping()
    {
        var keepAlive = new MqttKeepAlive(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), _time);
        var first = keepAlive.Evaluate();
        Assert.Equal(MqttKeepAliveAction.None, first.Action);
        Assert.Equal(TimeSpan.FromSeconds(30), first.NextCheck);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(new MqttKeepAliveDecision(MqttKeepAliveAction.None, TimeSpan.FromSeconds(1)), keepAlive.Evaluate());

        _time.Advance(TimeSpan.FromSeconds(1));
        var ping = keepAlive.Evaluate();
        Assert.Equal(MqttKeepAliveAction.SendPing, ping.Action);
        Assert.Equal(TimeSpan.FromSeconds(10), ping.NextCheck);
        Assert.True(keepAlive.PingOutstanding);
    }

    [Fact]
    public void Traffic_both_ways_postpones_the_ping()
    {
        var keepAlive = new MqttKeepAlive(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), _time);
        _time.Advance(TimeSpan.FromSeconds(20));
        keepAlive.OnPacketSent();
        keepAlive.OnPacketReceived();
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(new MqttKeepAliveDecision(MqttKeepAliveAction.None, TimeSpan.FromSeconds(10)), keepAlive.Evaluate());
    }

    [Fact]
    public void Publishing_alone_does_not_hide_a_silent_broker()
    {
        // QoS 0 publishes keep us sending, but the broker says nothing: we still ping after Keep Alive of silence.
        var keepAlive = new MqttKeepAlive(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), _time);
        for (var i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            keepAlive.OnPacketSent();
        }
        Assert.Equal(MqttKeepAliveAction.SendPing, keepAlive.Evaluate().Action);
    }

    [Fact]
    public void Sending_alone_does_not_hide_our_own_silence()
    {
        // The broker keeps talking (messages for us), but we must still send something every Keep Alive (§3.1.2.10).
        var keepAlive = new MqttKeepAlive(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), _time);
        for (var i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            keepAlive.OnPacketReceived();
        }
        Assert.Equal(MqttKeepAliveAction.SendPing, keepAlive.Evaluate().Action);
    }

    [Fact]
    public void An_unanswered_ping_times_out()
    {
        var keepAlive = new MqttKeepAlive(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), _time);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(MqttKeepAliveAction.SendPing, keepAlive.Evaluate().Action);
        keepAlive.OnPacketSent();
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(new MqttKeepAliveDecision(MqttKeepAliveAction.None, TimeSpan.FromSeconds(1)), keepAlive.Evaluate());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(MqttKeepAliveAction.TimedOut, keepAlive.Evaluate().Action);
    }

    [Fact]
    public void A_pingresp_settles_the_ping_and_restarts_the_cycle()
    {
        var keepAlive = new MqttKeepAlive(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), _time);
        _time.Advance(TimeSpan.FromSeconds(30));
        keepAlive.Evaluate();
        keepAlive.OnPacketSent();
        _time.Advance(TimeSpan.FromSeconds(2));
        keepAlive.OnPacketReceived();
        Assert.False(keepAlive.PingOutstanding);
        var next = keepAlive.Evaluate();
        Assert.Equal(MqttKeepAliveAction.None, next.Action);
        Assert.Equal(TimeSpan.FromSeconds(28), next.NextCheck);
    }

    [Fact]
    public void Ping_timeout_never_exceeds_keep_alive_and_zero_disables()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), new MqttKeepAlive(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), _time).PingTimeout);
        var off = new MqttKeepAlive(TimeSpan.Zero, TimeSpan.FromSeconds(10), _time);
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(new MqttKeepAliveDecision(MqttKeepAliveAction.None, Timeout.InfiniteTimeSpan), off.Evaluate());
    }
}
