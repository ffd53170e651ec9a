using System.Text.Json.Serialization;

namespace EdgeMx.Mqtt.Telemetry.HomeAssistant;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HomeAssistantEntity))]
public sealed partial class HomeAssistantJsonContext : JsonSerializerContext;
