using System.Text.Json.Serialization;

namespace EdgeMx.Core.Events;

public enum EventCategory
{
    [JsonStringEnumMemberName("uplink")] Uplink,
    [JsonStringEnumMemberName("vpn")] Vpn,
    [JsonStringEnumMemberName("health-check")] HealthCheck,
    [JsonStringEnumMemberName("telemetry")] Telemetry,
    [JsonStringEnumMemberName("system")] System,
}
