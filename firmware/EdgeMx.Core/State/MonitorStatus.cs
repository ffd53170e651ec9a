using System.Text.Json.Serialization;

namespace EdgeMx.Core.State;

/// <summary>The connection monitor's verdict on one uplink.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MonitorStatus>))]
public enum MonitorStatus
{
    /// <summary>Not enough probe results yet to say anything.</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("up")] Up,
    /// <summary>Usable, but loss or latency is over its threshold.</summary>
    [JsonStringEnumMemberName("degraded")] Degraded,
    /// <summary>Not usable: carrier lost, or the failure threshold of consecutive failed probe rounds was reached.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}
