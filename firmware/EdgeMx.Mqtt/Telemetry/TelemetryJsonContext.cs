using System.Text.Json.Serialization;
using EdgeMx.Mqtt.Telemetry.Commands;
using EdgeMx.Mqtt.Telemetry.Metrics;

namespace EdgeMx.Mqtt.Telemetry;

/// <summary>Source-generated (AOT-safe) JSON for the telemetry's own documents. State and events use
/// EdgeMx.Core's CoreJsonContext, so MQTT carries exactly what `edgemx status --json` and `events --json` show.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(MetricsDocument))]
[JsonSerializable(typeof(CommandReply))]
[JsonSerializable(typeof(CommandRequest))]
public sealed partial class TelemetryJsonContext : JsonSerializerContext;
