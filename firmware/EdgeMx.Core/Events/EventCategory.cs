using System.Text.Json.Serialization;

namespace EdgeMx.Core.Events;

[JsonConverter(typeof(JsonStringEnumConverter<EventCategory>))]
public enum EventCategory
{
    [JsonStringEnumMemberName("uplink")] Uplink,
    [JsonStringEnumMemberName("vpn")] Vpn,
    [JsonStringEnumMemberName("health-check")] HealthCheck,
    [JsonStringEnumMemberName("telemetry")] Telemetry,
    [JsonStringEnumMemberName("system")] System,
}
