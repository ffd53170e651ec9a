using System.Text.Json;
using EdgeMx.Core.Configuration;
using EdgeMx.Core.Configuration.Schema;

namespace EdgeMx.Core.Tests.Configuration;

/// <summary>The strict JSON-Schema subset, keyword by keyword, on small in-memory schemas.</summary>
public sealed class JsonSchemaSetTests
{
    private static IReadOnlyList<ConfigProblem> Validate(string schema, string instance, params (string File, string Text)[] others)
    {
        var docs = new Dictionary<string, string> { ["root.json"] = schema };
        foreach (var (file, text) in others) docs[file] = text;
        var set = JsonSchemaSet.FromDocuments(docs);
        using var doc = JsonDocument.Parse(instance);
        return set.Validate("root.json", doc.RootElement);
    }

    private static ConfigProblem Single(string schema, string instance) => Assert.Single(Validate(schema, instance));

    [Theory]
    [InlineData("\"string\"", "5", "expected a string, got the integer 5")]
    [InlineData("\"integer\"", "1.5", "expected an integer, got the number 1.5")]
    [InlineData("\"integer\"", "\"7\"", "expected an integer, got the string \"7\"")]
    [InlineData("\"object\"", "[]", "expected an object, got an array")]
    [InlineData("[\"string\", \"null\"]", "true", "expected a string or null, got true")]
    public void Type_mismatches_say_what_was_expected_and_what_was_found(string type, string instance, string message)
    {
        var p = Single($$"""{ "type": {{type}} }""", instance);
        Assert.Equal("$", p.Path);
        Assert.Equal(message, p.Message);
    }

    [Theory]
    [InlineData("2", true)]
    [InlineData("2.0", true)]
    [InlineData("2.5", false)]
    public void Integer_means_no_fractional_part(string instance, bool valid) =>
        Assert.Equal(valid, Validate("""{ "type": "integer" }""", instance).Count == 0);

    [Fact]
    public void Every_problem_of_an_object_is_reported_at_its_own_path()
    {
        const string schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["name", "port"],
          "properties": {
            "name": { "type": "string", "minLength": 1 },
            "port": { "type": "integer", "minimum": 1, "maximum": 65535 },
            "mode": { "enum": ["a", "b"] }
          }
        }
        """;
        var problems = Validate(schema, """{ "name": "", "mode": "c", "prot": 80 }""");

        Assert.Collection(problems,
            p => Assert.Equal(("$.name", "must not be empty"), (p.Path, p.Message)),
            p => Assert.Equal(("$.mode", "\"c\" is not one of \"a\", \"b\""), (p.Path, p.Message)),
            p => { Assert.Equal("$.prot", p.Path); Assert.StartsWith("unknown property; did you mean \"port\"?", p.Message); },
            p => Assert.Equal(("$.port", "is required but missing"), (p.Path, p.Message)));
    }

    [Theory]
    [InlineData("0", "0 is below the minimum 1")]
    [InlineData("70000", "70000 is above the maximum 65535")]
    public void Numeric_bounds(string instance, string message) =>
        Assert.Equal(message, Single("""{ "type": "integer", "minimum": 1, "maximum": 65535 }""", instance).Message);

    [Fact]
    public void Exclusive_bounds() =>
        Assert.Equal("0 must be greater than 0", Single("""{ "exclusiveMinimum": 0 }""", "0").Message);

    [Fact]
    public void Patterns_name_the_expected_form_by_title()
    {
        var p = Single("""{ "type": "string", "title": "interface name", "pattern": "^[a-z0-9]{1,15}$" }""", "\"eth 0\"");
        Assert.Equal("\"eth 0\" is not a valid interface name (expected the form ^[a-z0-9]{1,15}$)", p.Message);
    }

    [Fact]
    public void Arrays_check_counts_uniqueness_and_each_item()
    {
        const string schema = """{ "type": "array", "minItems": 1, "maxItems": 3, "uniqueItems": true, "items": { "type": "integer" } }""";
        Assert.Equal("must have at least one entry", Single(schema, "[]").Message);
        Assert.Equal("has 4 entries, at most 3 allowed", Single(schema, "[1,2,3,4]").Message);
        var p = Single(schema, "[1, \"x\", 3]");
        Assert.Equal("$[1]", p.Path);
        var dup = Single(schema, "[1, 2, 1]");
        Assert.Equal(("$[2]", "repeats entry [0]"), (dup.Path, dup.Message));
    }

    [Fact]
    public void Duplicate_keys_are_reported_rather_than_silently_resolved()
    {
        var p = Single("""{ "type": "object" }""", """{ "a": 1, "a": 2 }""");
        Assert.Equal("$.a", p.Path);
        Assert.Contains("more than once", p.Message);
    }

    [Fact]
    public void References_resolve_within_and_across_files()
    {
        const string root = """{ "type": "object", "properties": { "a": { "$ref": "#/$defs/small" }, "b": { "$ref": "other.json#/$defs/name" } }, "$defs": { "small": { "maximum": 3 } } }""";
        const string other = """{ "$defs": { "name": { "type": "string", "pattern": "^[a-z]+$" } } }""";
        var problems = Validate(root, """{ "a": 9, "b": "X" }""", ("other.json", other));
        Assert.Equal(["$.a", "$.b"], problems.Select(p => p.Path));
    }

    [Fact]
    public void A_ref_with_sibling_keywords_applies_both()
    {
        const string root = """{ "$ref": "#/$defs/s", "maxLength": 3, "$defs": { "s": { "type": "string", "pattern": "^a" } } }""";
        Assert.Equal(2, Validate(root, "\"bbbb\"").Count);
    }

    private const string ProbeSchema = """
    {
      "oneOf": [
        { "title": "icmp", "type": "object", "additionalProperties": false, "required": ["method", "target"],
          "properties": { "method": { "const": "icmp" }, "target": { "type": "string" } } },
        { "title": "http", "type": "object", "additionalProperties": false, "required": ["method", "url"],
          "properties": { "method": { "const": "http" }, "url": { "type": "string", "pattern": "^http://" } } }
      ]
    }
    """;

    [Fact]
    public void OneOf_reports_the_problems_of_the_branch_the_discriminator_selects()
    {
        var p = Single(ProbeSchema, """{ "method": "http", "url": "ftp://x" }""");
        Assert.Equal("$.url", p.Path);
        Assert.Contains("does not match", p.Message);
    }

    [Fact]
    public void OneOf_with_an_unknown_discriminator_lists_the_allowed_values()
    {
        var p = Single(ProbeSchema, """{ "method": "tcp", "target": "x" }""");
        Assert.Equal(("$.method", "\"tcp\" is not one of \"icmp\", \"http\""), (p.Path, p.Message));
    }

    [Fact]
    public void OneOf_accepts_exactly_one_match() =>
        Assert.Empty(Validate(ProbeSchema, """{ "method": "icmp", "target": "1.2.3.4" }"""));

    [Fact]
    public void OneOf_matching_several_branches_is_an_error()
    {
        var p = Single("""{ "oneOf": [ { "type": "integer" }, { "minimum": 0 } ] }""", "5");
        Assert.Contains("matches 2 of the 2 alternatives", p.Message);
    }

    [Fact]
    public void A_false_schema_rejects_everything() =>
        Assert.Equal("is not allowed here", Single("""{ "properties": { "x": false } }""", """{ "x": 1 }""").Message);

    [Theory]
    [InlineData("""{ "format": "ipv4" }""", "keyword \"format\" is not supported")]
    [InlineData("""{ "type": "strin" }""", "unknown type \"strin\"")]
    [InlineData("""{ "pattern": "([" }""", "invalid \"pattern\"")]
    [InlineData("""{ "$ref": "missing.json" }""", "not in the set")]
    [InlineData("""{ "$ref": "#/$defs/none" }""", "points at nothing")]
    [InlineData("""{ "$ref": "https://example.com/x.json" }""", "no directories or URLs")]
    [InlineData("""{ "minItems": -1 }""", "non-negative integer")]
    public void A_broken_schema_fails_when_the_set_is_built(string schema, string message)
    {
        var ex = Assert.Throws<JsonSchemaException>(() => JsonSchemaSet.FromDocuments(new Dictionary<string, string> { ["root.json"] = schema }));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void A_reference_cycle_that_never_descends_is_caught()
    {
        var set = JsonSchemaSet.FromDocuments(new Dictionary<string, string>
        {
            ["root.json"] = """{ "$ref": "#/$defs/a", "$defs": { "a": { "$ref": "#/$defs/b" }, "b": { "$ref": "#/$defs/a" } } }""",
        });
        using var doc = JsonDocument.Parse("1");
        Assert.Throws<JsonSchemaException>(() => set.Validate("root.json", doc.RootElement));
    }

    [Fact]
    public void The_shipped_schemas_are_all_embedded_and_compile()
    {
        var onDisk = Directory.GetFiles(RepositoryPaths.File("board-configs", "schema"), "*.schema.json").Select(f => Path.GetFileName(f)!).Order().ToList();
        Assert.Equal(onDisk, JsonSchemaSet.Shipped.Files.Order().ToList());
        Assert.Contains("edgemx.schema.json", onDisk);
    }
}
