using System.Text.Json.Serialization;

namespace EdgeMx.Hal.Leds;

/// <summary>How a lit indicator is lit. Timings in <see cref="LedTimings"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LedPattern>))]
public enum LedPattern
{
    [JsonStringEnumMemberName("solid")] Solid,
    /// <summary>1 Hz, half on (a degraded WAN, failing checks).</summary>
    [JsonStringEnumMemberName("blink")] Blink,
    /// <summary>5 Hz (a fault).</summary>
    [JsonStringEnumMemberName("fast-blink")] FastBlink,
    /// <summary>Double pulse once a second (the kernel's heartbeat trigger): alive and healthy.</summary>
    [JsonStringEnumMemberName("heartbeat")] Heartbeat,
}
