using System.Text.Json.Serialization;

namespace EdgeMx.Hal.Leds;

/// <summary>What an indicator shows. Amber is green and red together on a bi-colour LED.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LedColour>))]
public enum LedColour
{
    [JsonStringEnumMemberName("off")] Off,
    [JsonStringEnumMemberName("green")] Green,
    [JsonStringEnumMemberName("amber")] Amber,
    [JsonStringEnumMemberName("red")] Red,
}
