using System.Text.Json;
using EdgeMx.Core.State;

namespace EdgeMx.Mqtt.Telemetry.HomeAssistant;

/// <summary>
/// Builds the retained discovery documents (<c>homeassistant/&lt;component&gt;/&lt;node&gt;/&lt;object&gt;/config</c>) from the
/// current snapshot: per uplink its status, link, latency and loss; per tunnel its connectivity; the active uplink;
/// CPU, memory, temperature, uptime and the telemetry queue; buttons for the two commands. Every entity carries the
/// device block and the availability topic, so a stock Home Assistant shows the appliance with no hand configuration.
/// </summary>
public sealed class HomeAssistantDiscovery(TelemetryTopics topics, TimeSpan metricsInterval)
{
    public sealed record Document(string Topic, byte[] Payload);

    public IReadOnlyList<Document> Build(ApplianceState state)
    {
        var device = new HomeAssistantDevice
        {
            Identifiers = [$"edgemx_{topics.DeviceId}"],
            Name = $"EdgeMx {topics.DeviceId}",
            SwVersion = state.FirmwareVersion,
        };
        var expireAfter = (int)Math.Ceiling(metricsInterval.TotalSeconds * 3);
        var list = new List<Document>();

        void Add(string component, string objectName, HomeAssistantEntity entity) =>
            list.Add(new Document(topics.Discovery(component, ObjectId(objectName)),
                JsonSerializer.SerializeToUtf8Bytes(entity, HomeAssistantJsonContext.Default.HomeAssistantEntity)));

        HomeAssistantEntity Entity(string objectName, string name) => new()
        {
            Name = name,
            UniqueId = $"edgemx_{ObjectId(topics.DeviceId)}_{ObjectId(objectName)}",
            Device = device,
            AvailabilityTopic = topics.Availability,
        };

        Add("sensor", "active_uplink", Entity("active_uplink", "Active uplink") with
        {
            StateTopic = topics.State,
            ValueTemplate = "{{ value_json.activeUplink if value_json.activeUplink else 'none' }}",
            Icon = "mdi:wan",
        });

        foreach (var uplink in state.Uplinks)
        {
            var n = uplink.Name;
            var pick = $"(value_json.uplinks | selectattr('name', 'equalto', '{n}') | first)";
            Add("sensor", $"{n}_status", Entity($"{n}_status", $"{n} status") with
            {
                StateTopic = topics.State, ValueTemplate = $"{{{{ {pick}.monitor }}}}", Icon = "mdi:lan-connect",
            });
            Add("binary_sensor", $"{n}_link", Entity($"{n}_link", $"{n} link") with
            {
                StateTopic = topics.State, ValueTemplate = $"{{{{ 'ON' if {pick}.link == 'up' else 'OFF' }}}}",
                PayloadOn = "ON", PayloadOff = "OFF", DeviceClass = "connectivity",
            });
            Add("sensor", $"{n}_latency", Entity($"{n}_latency", $"{n} latency") with
            {
                StateTopic = topics.Metrics, ValueTemplate = $"{{{{ value_json.uplinks['{n}'].latencyMs }}}}",
                UnitOfMeasurement = "ms", StateClass = "measurement", Icon = "mdi:timer-outline", ExpireAfter = expireAfter,
            });
            Add("sensor", $"{n}_loss", Entity($"{n}_loss", $"{n} packet loss") with
            {
                StateTopic = topics.Metrics, ValueTemplate = $"{{{{ value_json.uplinks['{n}'].lossPercent }}}}",
                UnitOfMeasurement = "%", StateClass = "measurement", Icon = "mdi:lan-disconnect", ExpireAfter = expireAfter,
            });
        }

        foreach (var tunnel in state.Tunnels)
        {
            var n = tunnel.Name;
            Add("binary_sensor", $"{n}_tunnel", Entity($"{n}_tunnel", $"{n} tunnel") with
            {
                StateTopic = topics.State,
                ValueTemplate = $"{{{{ 'ON' if (value_json.tunnels | selectattr('name', 'equalto', '{n}') | first).phase2Up else 'OFF' }}}}",
                PayloadOn = "ON", PayloadOff = "OFF", DeviceClass = "connectivity", Icon = "mdi:vpn",
            });
        }

        (string Object, string Name, string Template, string? Unit, string? DeviceClass, string? Category)[] system =
        [
            ("cpu", "CPU", "{{ value_json.system.cpuPercent }}", "%", null, null),
            ("memory", "Memory used", "{{ value_json.system.memoryUsedPercent }}", "%", null, null),
            ("temperature", "Temperature", "{{ value_json.system.temperatureCelsius }}", "°C", "temperature", null),
            ("uptime", "Uptime", "{{ value_json.uptimeSeconds | round(0) }}", "s", "duration", "diagnostic"),
            ("telemetry_queue", "Telemetry queue", "{{ value_json.telemetry.queuedMessages }}", null, null, "diagnostic"),
        ];
        foreach (var s in system)
        {
            Add("sensor", s.Object, Entity(s.Object, s.Name) with
            {
                StateTopic = topics.Metrics, ValueTemplate = s.Template, UnitOfMeasurement = s.Unit, DeviceClass = s.DeviceClass,
                StateClass = "measurement", EntityCategory = s.Category, ExpireAfter = expireAfter,
            });
        }

        Add("button", "publish_state", Entity("publish_state", "Publish state now") with
        {
            CommandTopic = topics.Command("publish-state"), PayloadPress = "{}", EntityCategory = "diagnostic", Icon = "mdi:refresh",
        });
        Add("button", "run_health_checks", Entity("run_health_checks", "Run health checks now") with
        {
            CommandTopic = topics.Command("run-health-checks"), PayloadPress = "{}", EntityCategory = "diagnostic", Icon = "mdi:stethoscope",
        });
        return list;
    }

    /// <summary>Discovery object ids allow [a-zA-Z0-9_-]; our names are lower-case with '-', which HA entity ids dislike.</summary>
    public static string ObjectId(string name) => name.Replace('-', '_');
}
