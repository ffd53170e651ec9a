using System.Text.Json;

namespace EdgeMx.Core.Configuration.Schema;

/// <summary>Walks a document and a compiled schema together, collecting every problem (it never stops at the first).</summary>
internal sealed class SchemaWalker(JsonSchemaSet set)
{
    // $ref chains that never descend into the document (A → B → A) would loop forever; real schemas need a handful.
    private const int MaxReferenceHops = 32;

    public List<Finding> Findings { get; } = [];

    public void Validate(SchemaNode node, JsonElement value, string path) => Validate(node, value, path, 0);

    private void Validate(SchemaNode node, JsonElement value, string path, int hops)
    {
        if (node.Rejects)
        {
            Add(path, "is not allowed here");
            return;
        }
        if (node.Ref is { } reference)
        {
            if (hops >= MaxReferenceHops) throw new JsonSchemaException(node.Location, "\"$ref\" chain too long (a cycle?)");
            Validate(set.Resolve(reference, node.Location), value, path, hops + 1);
        }
        if (node.Types != SchemaTypes.None && !Matches(node.Types, value))
        {
            Add(path, $"expected {Describe(node.Types)}, got {Describe(value)}", FindingKind.Type);
            return; // the remaining keywords would only repeat the same mistake
        }
        if (node.Const is { } constant && !JsonElement.DeepEquals(constant, value))
        {
            Add(path, $"must be {Render(constant)}, got {Render(value)}", FindingKind.Discriminator, [constant]);
        }
        if (node.Enum is { } allowed && !allowed.Any(a => JsonElement.DeepEquals(a, value)))
        {
            Add(path, $"{Render(value)} is not one of {string.Join(", ", allowed.Select(Render))}", FindingKind.Discriminator, allowed);
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                CheckNumber(node, value, path);
                break;
            case JsonValueKind.String:
                CheckString(node, value.GetString()!, path);
                break;
            case JsonValueKind.Array:
                CheckArray(node, value, path, hops);
                break;
            case JsonValueKind.Object:
                CheckObject(node, value, path, hops);
                break;
        }
        if (node.OneOf is { } branches) CheckOneOf(node, branches, value, path, hops);
    }

    private void CheckNumber(SchemaNode node, JsonElement value, string path)
    {
        if (!value.TryGetDecimal(out var d)) return; // beyond decimal's range: the type check is all we can say
        if (node.Minimum is { } min && d < min) Add(path, $"{Render(value)} is below the minimum {SchemaCompiler.FormatNumber(min)}");
        if (node.Maximum is { } max && d > max) Add(path, $"{Render(value)} is above the maximum {SchemaCompiler.FormatNumber(max)}");
        if (node.ExclusiveMinimum is { } emin && d <= emin) Add(path, $"{Render(value)} must be greater than {SchemaCompiler.FormatNumber(emin)}");
        if (node.ExclusiveMaximum is { } emax && d >= emax) Add(path, $"{Render(value)} must be less than {SchemaCompiler.FormatNumber(emax)}");
    }

    private void CheckString(SchemaNode node, string s, string path)
    {
        var length = s.EnumerateRunes().Count();
        if (node.MinLength is { } minLength && length < minLength)
            Add(path, minLength == 1 ? "must not be empty" : $"must be at least {minLength} characters long");
        if (node.MaxLength is { } maxLength && length > maxLength)
            Add(path, $"is {length} characters long, at most {maxLength} allowed");
        if (node.Pattern is { } pattern)
        {
            bool matched;
            try
            {
                matched = pattern.IsMatch(s);
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                matched = false;
            }
            if (!matched)
                Add(path, node.Title is { } title
                    ? $"{Quote(s)} is not a valid {title} (expected the form {pattern})"
                    : $"{Quote(s)} does not match the expected form {pattern}");
        }
    }

    private void CheckArray(SchemaNode node, JsonElement value, string path, int hops)
    {
        var count = value.GetArrayLength();
        if (node.MinItems is { } minItems && count < minItems)
            Add(path, minItems == 1 ? "must have at least one entry" : $"has {count} entries, at least {minItems} needed");
        if (node.MaxItems is { } maxItems && count > maxItems)
            Add(path, $"has {count} entries, at most {maxItems} allowed");
        if (node.UniqueItems)
        {
            var items = value.EnumerateArray().ToList();
            for (var i = 1; i < items.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (JsonElement.DeepEquals(items[i], items[j]))
                    {
                        Add(JsonPath.Index(path, i), $"repeats entry [{j}]");
                        break;
                    }
                }
            }
        }
        if (node.Items is { } itemSchema)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray()) Validate(itemSchema, item, JsonPath.Index(path, i++), hops);
        }
    }

    private void CheckObject(SchemaNode node, JsonElement value, string path, int hops)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in value.EnumerateObject())
        {
            var propertyPath = JsonPath.Property(path, p.Name);
            if (!seen.Add(p.Name))
            {
                Add(propertyPath, "appears more than once (JSON parsers disagree on which one wins)");
                continue;
            }
            if (node.Properties is not null && node.Properties.TryGetValue(p.Name, out var propertySchema))
            {
                Validate(propertySchema, p.Value, propertyPath, hops);
            }
            else if (node.AdditionalProperties is { } extra)
            {
                if (extra.Rejects) Add(propertyPath, UnknownProperty(node, p.Name));
                else Validate(extra, p.Value, propertyPath, hops);
            }
        }
        if (node.Required is not null)
        {
            foreach (var name in node.Required)
            {
                if (!seen.Contains(name)) Add(JsonPath.Property(path, name), "is required but missing", FindingKind.Missing);
            }
        }
    }

    private void CheckOneOf(SchemaNode node, IReadOnlyList<SchemaNode> branches, JsonElement value, string path, int hops)
    {
        var outcomes = new List<List<Finding>>(branches.Count);
        foreach (var branch in branches)
        {
            var sub = new SchemaWalker(set);
            sub.Validate(branch, value, path, hops);
            outcomes.Add(sub.Findings);
        }
        var passing = outcomes.Count(o => o.Count == 0);
        if (passing == 1) return;
        if (passing > 1)
        {
            Add(path, $"matches {passing} of the {branches.Count} alternatives{Titles(branches)}; it must match exactly one");
            return;
        }
        // None matched. A branch whose discriminator ("method": "http") matched tells the user what is really wrong;
        // when every branch failed on the discriminator, say which values it may take.
        var decided = outcomes.Where(o => !o.Any(f => f.Kind == FindingKind.Discriminator || (f.Kind == FindingKind.Type && f.Path == path))).ToList();
        if (decided.Count > 0)
        {
            Findings.AddRange(decided.OrderBy(o => o.Count).First());
            return;
        }
        var discriminators = outcomes.SelectMany(o => o.Where(f => f.Kind == FindingKind.Discriminator)).ToList();
        var byPath = discriminators.GroupBy(f => f.Path).ToList();
        if (byPath.Count == 1 && discriminators.All(f => f.Allowed is not null))
        {
            var first = byPath[0].First();
            var allowed = discriminators.SelectMany(f => f.Allowed!).Select(Render).Distinct().ToList();
            var actual = Lookup(value, path, first.Path);
            Add(first.Path, actual is { } a
                ? $"{Render(a)} is not one of {string.Join(", ", allowed)}"
                : $"must be one of {string.Join(", ", allowed)}");
            return;
        }
        Findings.AddRange(outcomes.OrderBy(o => o.Count).First());
    }

    // The value at childPath inside value (which sits at path); only for the immediate-child case we need.
    private static JsonElement? Lookup(JsonElement value, string path, string childPath)
    {
        if (value.ValueKind != JsonValueKind.Object || !childPath.StartsWith(path + ".", StringComparison.Ordinal)) return null;
        var name = childPath[(path.Length + 1)..];
        return value.TryGetProperty(name, out var v) ? v : null;
    }

    private static string UnknownProperty(SchemaNode node, string name)
    {
        var known = node.Properties?.Keys.ToList() ?? [];
        if (known.Count == 0) return "unknown property (no properties are allowed here)";
        var closest = known.OrderBy(k => Distance(k.ToLowerInvariant(), name.ToLowerInvariant())).First();
        var hint = Distance(closest.ToLowerInvariant(), name.ToLowerInvariant()) <= Math.Max(2, name.Length / 3) ? $"did you mean \"{closest}\"? " : "";
        return $"unknown property; {hint}allowed here: {string.Join(", ", known)}";
    }

    private static string Titles(IReadOnlyList<SchemaNode> branches)
    {
        var titles = branches.Select(b => b.Title).Where(t => t is not null).ToList();
        return titles.Count == branches.Count ? $" ({string.Join(", ", titles)})" : "";
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }
        return d[a.Length, b.Length];
    }

    private static bool Matches(SchemaTypes types, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => types.HasFlag(SchemaTypes.Null),
        JsonValueKind.True or JsonValueKind.False => types.HasFlag(SchemaTypes.Boolean),
        JsonValueKind.String => types.HasFlag(SchemaTypes.String),
        JsonValueKind.Array => types.HasFlag(SchemaTypes.Array),
        JsonValueKind.Object => types.HasFlag(SchemaTypes.Object),
        JsonValueKind.Number => types.HasFlag(SchemaTypes.Number) || (types.HasFlag(SchemaTypes.Integer) && IsInteger(value)),
        _ => false,
    };

    private static bool IsInteger(JsonElement value) =>
        value.TryGetInt64(out _) || (value.TryGetDecimal(out var d) && decimal.Truncate(d) == d);

    private static string Describe(SchemaTypes types)
    {
        var names = new List<string>();
        if (types.HasFlag(SchemaTypes.Object)) names.Add("an object");
        if (types.HasFlag(SchemaTypes.Array)) names.Add("an array");
        if (types.HasFlag(SchemaTypes.String)) names.Add("a string");
        if (types.HasFlag(SchemaTypes.Integer)) names.Add("an integer");
        if (types.HasFlag(SchemaTypes.Number)) names.Add("a number");
        if (types.HasFlag(SchemaTypes.Boolean)) names.Add("true or false");
        if (types.HasFlag(SchemaTypes.Null)) names.Add("null");
        return string.Join(" or ", names);
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {Quote(value.GetString()!)}",
        JsonValueKind.Number => IsInteger(value) ? $"the integer {value.GetRawText()}" : $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };

    private static string Render(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Quote(value.GetString()!),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.GetRawText(),
    };

    private static string Quote(string s) => "\"" + (s.Length > 60 ? s[..57] + "…" : s) + "\"";

    private void Add(string path, string message, FindingKind kind = FindingKind.Other, IReadOnlyList<JsonElement>? allowed = null) =>
        Findings.Add(new Finding(path, message, kind, allowed));
}

internal enum FindingKind
{
    Other,
    Type,
    Missing,
    /// <summary>A const/enum mismatch: in a oneOf, the sign that this branch was not the one meant.</summary>
    Discriminator,
}

internal sealed record Finding(string Path, string Message, FindingKind Kind, IReadOnlyList<JsonElement>? Allowed);
