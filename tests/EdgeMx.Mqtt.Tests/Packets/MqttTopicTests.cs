using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Tests.Packets;

public class MqttTopicTests
{
    // MQTT 5.0 §4.7.1.2 / §4.7.1.3 examples.
    [Theory]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "anything/at/all", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("#", "$SYS/broker/uptime", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("$SYS/#", "$SYS/broker/uptime", true)]
    [InlineData("edgemx/br01/cmd/#", "edgemx/br01/cmd/publish-state", true)]
    [InlineData("edgemx/br01/cmd/#", "edgemx/br02/cmd/publish-state", false)]
    public void Filters_match_as_the_spec_says(string filter, string topic, bool matches) =>
        Assert.Equal(matches, MqttTopic.Matches(filter, topic));

    [Theory]
    [InlineData("#", true)]
    [InlineData("a/#", true)]
    [InlineData("+/b/+", true)]
    [InlineData("a/#/b", false)]
    [InlineData("a#", false)]
    [InlineData("a/b+", false)]
    [InlineData("", false)]
    public void Filter_validity(string filter, bool valid) => Assert.Equal(valid, MqttTopic.IsValidFilter(filter));
}
