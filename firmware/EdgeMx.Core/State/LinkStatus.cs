using System.Text.Json.Serialization;

namespace EdgeMx.Core.State;

[JsonConverter(typeof(JsonStringEnumConverter<LinkStatus>))]
public enum LinkStatus
{
    [JsonStringEnumMemberName("unknown")] Unknown,
    [JsonStringEnumMemberName("up")] Up,
    [JsonStringEnumMemberName("down")] Down,
    /// <summary>The configured interface does not exist (yet): a missing USB modem, a renamed port.</summary>
    [JsonStringEnumMemberName("absent")] Absent,
}
