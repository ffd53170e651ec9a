using EdgeMx.Mqtt.Client;
using EdgeMx.Testing;

namespace EdgeMx.Mqtt.Tests.Client;

public class MqttReconnectBackoffTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void Delays_double_up_to_the_maximum_with_equal_jitter()
    {
        var backoff = new MqttReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), _time, new Random(7));
        double[] ceilings = [1, 2, 4, 8, 16, 32, 60, 60, 60];
        foreach (var ceiling in ceilings)
        {
            var delay = backoff.OnDisconnected().TotalSeconds;
            Assert.InRange(delay, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Jitter_spreads_a_fleet()
    {
        var delays = Enumerable.Range(0, 50)
            .Select(seed => new MqttReconnectBackoff(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(60), _time, new Random(seed)).OnDisconnected())
            .Distinct()
            .Count();
        Assert.True(delays > 40, $"only {delays} distinct delays out of 50");
    }

    [Fact]
    public void A_connection_that_stayed_up_resets_the_backoff()
    {
        var backoff = new MqttReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), _time, new Random(1));
        for (var i = 0; i < 6; i++) backoff.OnDisconnected();
        backoff.OnConnected();
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.InRange(backoff.OnDisconnected().TotalSeconds, 0.5, 1);
    }

    [Fact]
    public void A_connection_dropped_at_once_does_not_reset_it()
    {
        var backoff = new MqttReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), _time, new Random(1));
        for (var i = 0; i < 5; i++) backoff.OnDisconnected();
        backoff.OnConnected();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.InRange(backoff.OnDisconnected().TotalSeconds, 16, 32);
    }
}
