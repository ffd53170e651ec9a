using System.Text.Json.Serialization;
using EdgeMx.Hal.Simulated.Leds;

namespace EdgeMx.Hal.Simulated;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(LedPanelSnapshot))]
internal sealed partial class SimulatedJsonContext : JsonSerializerContext;
