namespace EdgeMx.Mqtt.Telemetry;

/// <summary>
/// The documented topic schema (README "MQTT telemetry"): everything under <c>&lt;prefix&gt;/&lt;device-id&gt;/</c>,
/// Home Assistant discovery under its own prefix.
/// </summary>
public sealed class TelemetryTopics(string prefix, string deviceId, string discoveryPrefix)
{
    public string DeviceId { get; } = deviceId;
    public string Base { get; } = $"{prefix}/{deviceId}";

    /// <summary>"online" / "offline", retained; "offline" is the Will.</summary>
    public string Availability => $"{Base}/availability";

    /// <summary>The state snapshot (JSON), retained.</summary>
    public string State => $"{Base}/state";

    /// <summary>Every event-log entry (JSON), QoS 1, in order.</summary>
    public string Events => $"{Base}/events";

    /// <summary>Periodic metrics (JSON), retained.</summary>
    public string Metrics => $"{Base}/metrics";

    /// <summary>Subscription for commands: <c>cmd/&lt;name&gt;</c>.</summary>
    public string CommandFilter => $"{Base}/cmd/+";
    public string CommandPrefix => $"{Base}/cmd/";

    /// <summary>Where the answer to a command goes unless the request names a v5 Response Topic.</summary>
    public string Reply(string command) => $"{Base}/reply/{command}";

    public string Command(string command) => $"{CommandPrefix}{command}";

    public string HomeAssistantStatus => $"{discoveryPrefix}/status";

    /// <summary><c>&lt;discovery-prefix&gt;/&lt;component&gt;/&lt;node&gt;/&lt;object&gt;/config</c> (HA MQTT discovery).</summary>
    public string Discovery(string component, string objectId) => $"{discoveryPrefix}/{component}/{DeviceId}/{objectId}/config";
}
