using System.Text.Json.Serialization;

namespace EdgeMx.Core.Configuration.Model;

/// <summary>
/// Source-generated (trim/AOT-safe) reader for the configuration document. Comments are allowed in the file. The model
/// uses settable properties (not init) because the generator assigns every init-only property, missing ones included,
/// which would replace the defaults with null; an explicit null where the model has none is refused.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = false,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ApplianceConfig))]
public sealed partial class ConfigJsonContext : JsonSerializerContext;
