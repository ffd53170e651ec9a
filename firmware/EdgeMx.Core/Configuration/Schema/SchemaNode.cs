using System.Text.Json;
using System.Text.RegularExpressions;

namespace EdgeMx.Core.Configuration.Schema;

/// <summary>
/// One compiled (sub)schema. Only the keywords of our strict subset exist here; the compiler refuses any other, so a
/// constraint written in a schema is never silently ignored.
/// </summary>
internal sealed class SchemaNode
{
    /// <summary>Where the node was written ("uplinks.schema.json#/properties/name"), for schema errors.</summary>
    public required string Location { get; init; }

    /// <summary>A short noun for messages ("interface name"), from "title".</summary>
    public string? Title { get; init; }

    /// <summary>false = the "false" schema (nothing is valid); true schemas compile to an empty node.</summary>
    public bool Rejects { get; init; }

    public SchemaTypes Types { get; init; }
    public IReadOnlyDictionary<string, SchemaNode>? Properties { get; init; }
    public IReadOnlyList<string>? Required { get; init; }

    /// <summary>null = allowed (no constraint); a node = each extra property must match it.</summary>
    public SchemaNode? AdditionalProperties { get; init; }

    public IReadOnlyList<JsonElement>? Enum { get; init; }
    public JsonElement? Const { get; init; }
    public decimal? Minimum { get; init; }
    public decimal? Maximum { get; init; }
    public decimal? ExclusiveMinimum { get; init; }
    public decimal? ExclusiveMaximum { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public Regex? Pattern { get; init; }
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }
    public bool UniqueItems { get; init; }
    public SchemaNode? Items { get; init; }
    public IReadOnlyList<SchemaNode>? OneOf { get; init; }

    /// <summary>A `$ref`, resolved through the set at validation time (so documents may refer to each other freely).</summary>
    public SchemaReference? Ref { get; init; }
}

/// <summary>A `$ref` target: a schema file (by name) and a JSON pointer inside it ("" = the whole document).</summary>
internal readonly record struct SchemaReference(string File, string Pointer)
{
    public override string ToString() => Pointer.Length == 0 ? File : $"{File}#{Pointer}";
}
