using System.Text.Json;
using EdgeMx.Core.State;
using EdgeMx.Mqtt.Telemetry;
using EdgeMx.Mqtt.Telemetry.HomeAssistant;

namespace EdgeMx.Mqtt.Tests.Telemetry;

public class HomeAssistantDiscoveryTests
{
    private static readonly TelemetryTopics Topics = new("edgemx", "br-17", "homeassistant");

    private static ApplianceState State() => new()
    {
        DeviceId = "br-17",
        FirmwareVersion = "0.1.0",
        Uplinks = [new UplinkState { Name = "wan1", Interface = "eth0" }, new UplinkState { Name = "wan-2", Interface = "eth1" }],
        Tunnels = [new TunnelState { Name = "hub-primary" }],
    };

    [Fact]
    public void Every_entity_has_a_config_topic_device_and_availability()
    {
        var documents = new HomeAssistantDiscovery(Topics, TimeSpan.FromSeconds(30)).Build(State());
        var topics = documents.Select(d => d.Topic).ToList();
        Assert.Contains("homeassistant/sensor/br-17/active_uplink/config", topics);
        Assert.Contains("homeassistant/sensor/br-17/wan1_latency/config", topics);
        Assert.Contains("homeassistant/sensor/br-17/wan_2_loss/config", topics);
        Assert.Contains("homeassistant/binary_sensor/br-17/wan1_link/config", topics);
        Assert.Contains("homeassistant/binary_sensor/br-17/hub_primary_tunnel/config", topics);
        Assert.Contains("homeassistant/sensor/br-17/temperature/config", topics);
        Assert.Contains("homeassistant/button/br-17/run_health_checks/config", topics);
        Assert.Equal(topics.Count, topics.Distinct().Count());

        var uniqueIds = new HashSet<string>();
        foreach (var d in documents)
        {
            using var json = JsonDocument.Parse(d.Payload);
            var root = json.RootElement;
            Assert.True(uniqueIds.Add(root.GetProperty("unique_id").GetString()!));
            Assert.Equal("edgemx/br-17/availability", root.GetProperty("availability_topic").GetString());
            Assert.Equal("online", root.GetProperty("payload_available").GetString());
            Assert.Equal("offline", root.GetProperty("payload_not_available").GetString());
            var device = root.GetProperty("device");
            Assert.Equal("edgemx_br-17", device.GetProperty("identifiers")[0].GetString());
            Assert.Equal("0.1.0", device.GetProperty("sw_version").GetString());
            Assert.False(root.TryGetProperty("command_topic", out _) && root.TryGetProperty("state_topic", out _));
        }
    }

    [Fact]
    public void Templates_address_uplinks_by_name_and_buttons_send_the_commands()
    {
        var documents = new HomeAssistantDiscovery(Topics, TimeSpan.FromSeconds(30)).Build(State()).ToDictionary(d => d.Topic, d => JsonDocument.Parse(d.Payload).RootElement);
        var latency = documents["homeassistant/sensor/br-17/wan-2_latency/config".Replace("wan-2", "wan_2")];
        Assert.Equal("edgemx/br-17/metrics", latency.GetProperty("state_topic").GetString());
        Assert.Equal("{{ value_json.uplinks['wan-2'].latencyMs }}", latency.GetProperty("value_template").GetString());
        Assert.Equal("ms", latency.GetProperty("unit_of_measurement").GetString());
        Assert.Equal(90, latency.GetProperty("expire_after").GetInt32());

        var button = documents["homeassistant/button/br-17/publish_state/config"];
        Assert.Equal("edgemx/br-17/cmd/publish-state", button.GetProperty("command_topic").GetString());
        Assert.Equal("{}", button.GetProperty("payload_press").GetString());
    }
}
