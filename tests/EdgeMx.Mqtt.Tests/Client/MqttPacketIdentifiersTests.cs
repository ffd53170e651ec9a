using EdgeMx.Mqtt.Client;

namespace EdgeMx.Mqtt.Tests.Client;

public class MqttPacketIdentifiersTests
{
    [Fact]
    public void Identifiers_are_non_zero_unique_and_round_robin()
    {
        var ids = new MqttPacketIdentifiers();
        Assert.Equal(1, ids.Allocate());
        Assert.Equal(2, ids.Allocate());
        Assert.True(ids.Release(1));
        Assert.Equal(3, ids.Allocate()); // not the just-released 1
    }

    [Fact]
    public void Wraps_around_skipping_identifiers_in_use()
    {
        var ids = new MqttPacketIdentifiers();
        for (var i = 0; i < ushort.MaxValue; i++) Assert.NotEqual(0, ids.Allocate());
        Assert.Equal(0, ids.Allocate()); // all 65,535 taken
        ids.Release(500);
        Assert.Equal(500, ids.Allocate());
        ids.Release(1);
        ids.Release(2);
        Assert.Equal(1, ids.Allocate());
    }

    [Fact]
    public void Reserve_keeps_an_original_identifier()
    {
        var ids = new MqttPacketIdentifiers();
        Assert.True(ids.Reserve(7));
        Assert.False(ids.Reserve(7));
        Assert.False(ids.Reserve(0));
        for (var i = 0; i < 10; i++) Assert.NotEqual(7, ids.Allocate());
    }
}
