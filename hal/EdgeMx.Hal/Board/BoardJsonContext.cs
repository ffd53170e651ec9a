using System.Text.Json.Serialization;

namespace EdgeMx.Hal.Board;

/// <summary>Source-generated reading of board profiles (camelCase, as in board-configs/boards/).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(BoardProfile))]
public sealed partial class BoardJsonContext : JsonSerializerContext;
