using System.Text.Json.Serialization;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;

namespace EdgeMx.Core.Serialization;

/// <summary>
/// Source-generated JSON for the documents other parts exchange: the state snapshot (`status --json`, MQTT state)
/// and event-log entries (journal lines, `events --json`, MQTT events). camelCase, enums as their documented strings.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ApplianceState))]
[JsonSerializable(typeof(ApplianceEvent))]
[JsonSerializable(typeof(List<ApplianceEvent>))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
