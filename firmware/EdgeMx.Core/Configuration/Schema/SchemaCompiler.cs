using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EdgeMx.Core.Configuration.Schema;

/// <summary>
/// Turns schema JSON into <see cref="SchemaNode"/>s. Strict: an unknown keyword, a keyword of the wrong type or an
/// invalid pattern is a <see cref="JsonSchemaException"/> naming the place, because a validator that skips what it does
/// not understand would let invalid configurations through.
/// </summary>
internal static class SchemaCompiler
{
    // Annotations: allowed, carry no constraint.
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples"];

    private static readonly HashSet<string> Keywords =
    [
        "type", "properties", "required", "additionalProperties", "enum", "const", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems",
        "uniqueItems", "items", "oneOf", "$ref",
    ];

    public static SchemaNode Compile(JsonElement schema, string file, string pointer)
    {
        var location = pointer.Length == 0 ? file : $"{file}#{pointer}";
        if (schema.ValueKind == JsonValueKind.True) return new SchemaNode { Location = location };
        if (schema.ValueKind == JsonValueKind.False) return new SchemaNode { Location = location, Rejects = true };
        if (schema.ValueKind != JsonValueKind.Object) throw new JsonSchemaException(location, "a schema must be an object or a boolean");

        foreach (var p in schema.EnumerateObject())
        {
            if (!Keywords.Contains(p.Name) && !Annotations.Contains(p.Name))
                throw new JsonSchemaException(location, $"keyword \"{p.Name}\" is not supported by EdgeMx's schema subset");
        }

        return new SchemaNode
        {
            Location = location,
            Title = OptionalString(schema, "title", location),
            Types = ReadTypes(schema, location),
            Properties = ReadProperties(schema, file, pointer),
            Required = ReadRequired(schema, location),
            AdditionalProperties = schema.TryGetProperty("additionalProperties", out var ap)
                ? ap.ValueKind == JsonValueKind.True ? null : Compile(ap, file, pointer + "/additionalProperties")
                : null,
            Enum = schema.TryGetProperty("enum", out var en)
                ? en.ValueKind == JsonValueKind.Array && en.GetArrayLength() > 0
                    ? en.EnumerateArray().Select(e => e.Clone()).ToList()
                    : throw new JsonSchemaException(location, "\"enum\" must be a non-empty array")
                : null,
            Const = schema.TryGetProperty("const", out var c) ? c.Clone() : null,
            Minimum = OptionalNumber(schema, "minimum", location),
            Maximum = OptionalNumber(schema, "maximum", location),
            ExclusiveMinimum = OptionalNumber(schema, "exclusiveMinimum", location),
            ExclusiveMaximum = OptionalNumber(schema, "exclusiveMaximum", location),
            MinLength = OptionalCount(schema, "minLength", location),
            MaxLength = OptionalCount(schema, "maxLength", location),
            Pattern = ReadPattern(schema, location),
            MinItems = OptionalCount(schema, "minItems", location),
            MaxItems = OptionalCount(schema, "maxItems", location),
            UniqueItems = schema.TryGetProperty("uniqueItems", out var u) && u.ValueKind == JsonValueKind.True,
            Items = schema.TryGetProperty("items", out var items) ? Compile(items, file, pointer + "/items") : null,
            OneOf = schema.TryGetProperty("oneOf", out var oneOf)
                ? oneOf.ValueKind == JsonValueKind.Array && oneOf.GetArrayLength() > 0
                    ? oneOf.EnumerateArray().Select((s, i) => Compile(s, file, $"{pointer}/oneOf/{i}")).ToList()
                    : throw new JsonSchemaException(location, "\"oneOf\" must be a non-empty array")
                : null,
            Ref = schema.TryGetProperty("$ref", out var r)
                ? ParseReference(r.ValueKind == JsonValueKind.String ? r.GetString()! : throw new JsonSchemaException(location, "\"$ref\" must be a string"), file, location)
                : null,
        };
    }

    public static SchemaReference ParseReference(string reference, string currentFile, string location)
    {
        var hash = reference.IndexOf('#');
        var file = hash < 0 ? reference : reference[..hash];
        var pointer = hash < 0 ? "" : reference[(hash + 1)..];
        if (file.Length == 0) file = currentFile;
        if (file.Contains('/') || file.Contains('\\') || file.Contains(':'))
            throw new JsonSchemaException(location, $"\"$ref\": \"{reference}\" must name a schema file of the same set (no directories or URLs)");
        if (pointer.Length > 0 && pointer[0] != '/')
            throw new JsonSchemaException(location, $"\"$ref\": \"{reference}\" must use a JSON pointer after '#'");
        return new SchemaReference(file, pointer);
    }

    private static SchemaTypes ReadTypes(JsonElement schema, string location)
    {
        if (!schema.TryGetProperty("type", out var t)) return SchemaTypes.None;
        if (t.ValueKind == JsonValueKind.String) return ParseType(t.GetString()!, location);
        if (t.ValueKind != JsonValueKind.Array) throw new JsonSchemaException(location, "\"type\" must be a string or an array of strings");
        var types = SchemaTypes.None;
        foreach (var e in t.EnumerateArray())
        {
            types |= e.ValueKind == JsonValueKind.String ? ParseType(e.GetString()!, location) : throw new JsonSchemaException(location, "\"type\" entries must be strings");
        }
        return types;
    }

    private static SchemaTypes ParseType(string name, string location) => name switch
    {
        "null" => SchemaTypes.Null,
        "boolean" => SchemaTypes.Boolean,
        "integer" => SchemaTypes.Integer,
        "number" => SchemaTypes.Number,
        "string" => SchemaTypes.String,
        "array" => SchemaTypes.Array,
        "object" => SchemaTypes.Object,
        _ => throw new JsonSchemaException(location, $"unknown type \"{name}\""),
    };

    private static Dictionary<string, SchemaNode>? ReadProperties(JsonElement schema, string file, string pointer)
    {
        if (!schema.TryGetProperty("properties", out var props)) return null;
        if (props.ValueKind != JsonValueKind.Object) throw new JsonSchemaException($"{file}#{pointer}", "\"properties\" must be an object");
        var result = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        foreach (var p in props.EnumerateObject())
        {
            result[p.Name] = Compile(p.Value, file, $"{pointer}/properties/{EscapePointer(p.Name)}");
        }
        return result;
    }

    private static List<string>? ReadRequired(JsonElement schema, string location)
    {
        if (!schema.TryGetProperty("required", out var req)) return null;
        if (req.ValueKind != JsonValueKind.Array || req.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw new JsonSchemaException(location, "\"required\" must be an array of strings");
        return req.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    private static Regex? ReadPattern(JsonElement schema, string location)
    {
        if (OptionalString(schema, "pattern", location) is not { } pattern) return null;
        try
        {
            // ECMAScript-compatible subset is what JSON Schema specifies; a timeout guards against pathological input.
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
        }
        catch (ArgumentException ex)
        {
            throw new JsonSchemaException(location, $"invalid \"pattern\": {ex.Message}");
        }
    }

    private static string? OptionalString(JsonElement schema, string name, string location)
    {
        if (!schema.TryGetProperty(name, out var v)) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new JsonSchemaException(location, $"\"{name}\" must be a string");
    }

    private static decimal? OptionalNumber(JsonElement schema, string name, string location)
    {
        if (!schema.TryGetProperty(name, out var v)) return null;
        return v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) ? d : throw new JsonSchemaException(location, $"\"{name}\" must be a number");
    }

    private static int? OptionalCount(JsonElement schema, string name, string location)
    {
        if (!schema.TryGetProperty(name, out var v)) return null;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i >= 0
            ? i
            : throw new JsonSchemaException(location, $"\"{name}\" must be a non-negative integer");
    }

    internal static string EscapePointer(string name) => name.Replace("~", "~0").Replace("/", "~1");

    internal static string FormatNumber(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
