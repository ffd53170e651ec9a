using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace EdgeMx.Core.Configuration.Schema;

/// <summary>
/// A set of schema documents that refer to each other by file name (`"$ref": "uplinks.schema.json#/$defs/probe"`),
/// and validation of JSON documents against them with every problem reported at its JSON path. The set is compiled
/// eagerly when created, so a broken schema (unknown keyword, dangling reference) fails at start, not mid-validation.
/// <para>The schemas shipped in `board-configs/schema/` are embedded in EdgeMx.Core: <see cref="Shipped"/>.</para>
/// </summary>
public sealed class JsonSchemaSet
{
    private const string ResourcePrefix = "schema/";
    private static readonly Lazy<JsonSchemaSet> ShippedSet = new(() => FromEmbeddedResources(typeof(JsonSchemaSet).Assembly));

    private readonly Dictionary<string, JsonElement> _documents;
    private readonly ConcurrentDictionary<SchemaReference, SchemaNode> _compiled = new();

    private JsonSchemaSet(Dictionary<string, JsonElement> documents)
    {
        _documents = documents;
        foreach (var (file, root) in documents)
        {
            CompileEverything(root, file, "");
        }
    }

    /// <summary>The schemas of `board-configs/schema/`, as embedded in this build.</summary>
    public static JsonSchemaSet Shipped => ShippedSet.Value;

    public IReadOnlyCollection<string> Files => _documents.Keys;

    /// <summary>Builds a set from in-memory documents: file name → schema JSON text.</summary>
    public static JsonSchemaSet FromDocuments(IReadOnlyDictionary<string, string> documents)
    {
        var parsed = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, text) in documents)
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                parsed[name] = doc.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new JsonSchemaException(name, $"not valid JSON: {ex.Message}");
            }
        }
        return new JsonSchemaSet(parsed);
    }

    /// <summary>Every `*.schema.json` resource embedded under "schema/" in <paramref name="assembly"/>.</summary>
    public static JsonSchemaSet FromEmbeddedResources(Assembly assembly)
    {
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            documents[name[ResourcePrefix.Length..]] = reader.ReadToEnd();
        }
        return FromDocuments(documents);
    }

    /// <summary>Validates <paramref name="instance"/> against the schema file <paramref name="schemaFile"/>; every problem, in document order.</summary>
    public IReadOnlyList<ConfigProblem> Validate(string schemaFile, JsonElement instance) =>
        Validate(schemaFile, instance, out _);

    /// <summary>As <see cref="Validate(string, JsonElement)"/>, also giving the paths whose value has the wrong JSON type
    /// (the values a typed model cannot hold).</summary>
    public IReadOnlyList<ConfigProblem> Validate(string schemaFile, JsonElement instance, out IReadOnlySet<string> wrongTypePaths)
    {
        var root = Resolve(new SchemaReference(schemaFile, ""), schemaFile);
        var walker = new SchemaWalker(this);
        walker.Validate(root, instance, JsonPath.Root);
        wrongTypePaths = walker.Findings.Where(f => f.Kind == FindingKind.Type).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        return walker.Findings.Select(f => new ConfigProblem(f.Path, f.Message) { Source = "schema" }).ToList();
    }

    internal SchemaNode Resolve(SchemaReference reference, string from)
    {
        return _compiled.GetOrAdd(reference, r =>
        {
            if (!_documents.TryGetValue(r.File, out var root))
                throw new JsonSchemaException(from, $"\"$ref\" to {r} names a schema file that is not in the set ({string.Join(", ", _documents.Keys)})");
            var target = Navigate(root, r.Pointer) ?? throw new JsonSchemaException(from, $"\"$ref\" to {r} points at nothing");
            return SchemaCompiler.Compile(target, r.File, r.Pointer);
        });
    }

    private static JsonElement? Navigate(JsonElement root, string pointer)
    {
        var current = root;
        if (pointer.Length == 0) return current;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next)) current = next;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var i) && i >= 0 && i < current.GetArrayLength()) current = current[i];
            else return null;
        }
        return current;
    }

    // Compiles the document and every $defs entry and resolves every $ref once, so errors surface at load.
    private void CompileEverything(JsonElement root, string file, string pointer)
    {
        var node = Resolve(new SchemaReference(file, pointer), file);
        Visit(node, new HashSet<SchemaNode>(ReferenceEqualityComparer.Instance));
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("$defs", out var defs) && defs.ValueKind == JsonValueKind.Object)
        {
            foreach (var d in defs.EnumerateObject())
            {
                var defPointer = $"{pointer}/$defs/{SchemaCompiler.EscapePointer(d.Name)}";
                CompileEverything(d.Value, file, defPointer);
            }
        }
    }

    private void Visit(SchemaNode node, HashSet<SchemaNode> seen)
    {
        if (!seen.Add(node)) return;
        if (node.Ref is { } r) Visit(Resolve(r, node.Location), seen);
        if (node.Properties is not null) foreach (var p in node.Properties.Values) Visit(p, seen);
        if (node.AdditionalProperties is not null) Visit(node.AdditionalProperties, seen);
        if (node.Items is not null) Visit(node.Items, seen);
        if (node.OneOf is not null) foreach (var o in node.OneOf) Visit(o, seen);
    }
}
