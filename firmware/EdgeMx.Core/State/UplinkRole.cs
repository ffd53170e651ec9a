using System.Text.Json.Serialization;

namespace EdgeMx.Core.State;

[JsonConverter(typeof(JsonStringEnumConverter<UplinkRole>))]
public enum UplinkRole
{
    /// <summary>Not carrying the default route.</summary>
    [JsonStringEnumMemberName("standby")] Standby,
    /// <summary>Carries the default route.</summary>
    [JsonStringEnumMemberName("active")] Active,
}
