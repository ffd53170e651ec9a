using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeMx.Core.Configuration.Checks;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.Configuration.Schema;
using EdgeMx.Core.IO;

namespace EdgeMx.Core.Configuration;

/// <summary>
/// Reads a configuration document and reports every problem at once: JSON syntax (with line and column), then shape
/// against the published schema, then meaning (<see cref="IConfigCheck"/>s). Never throws for bad input.
/// </summary>
public sealed class ConfigLoader(JsonSchemaSet schemas, IReadOnlyList<IConfigCheck> checks, IInterfaceInventory? interfaces)
{
    public const string RootSchema = "edgemx.schema.json";

    /// <summary>Configs are small; a multi-megabyte file is a mistake (or an attack on the parser).</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        MaxDepth = 32,
    };

    /// <summary>The shipped schemas and checks; <paramref name="interfaces"/> null skips interface existence checks.</summary>
    public static ConfigLoader CreateDefault(IInterfaceInventory? interfaces) => new(JsonSchemaSet.Shipped, ConfigChecks.All, interfaces);

    public ConfigLoadResult LoadFile(string path)
    {
        var full = Path.GetFullPath(path);
        byte[] bytes;
        try
        {
            var kind = FileKinds.Of(full);
            if (kind == FileKind.Missing && !File.Exists(full)) return Failed(full, "file does not exist");
            // A FIFO would block the open and /dev/zero never ends: only regular files are read (bounded all the same).
            if (kind is not (FileKind.Regular or FileKind.Missing)) return Failed(full, $"is {FileKinds.Describe(kind)}, not a configuration file");
            var info = new FileInfo(full);
            if (info.Length > MaxDocumentBytes)
                return Failed(full, $"file is {info.Length} bytes; a configuration may be at most {MaxDocumentBytes}");
            bytes = BoundedFile.ReadAllBytes(full, MaxDocumentBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(full, $"cannot be read: {ex.Message}");
        }
        return LoadBytes(bytes, full, Path.GetDirectoryName(full) ?? "/");
    }

    public ConfigLoadResult LoadText(string text, string source, string baseDirectory) =>
        LoadBytes(Encoding.UTF8.GetBytes(text), source, baseDirectory);

    private ConfigLoadResult LoadBytes(byte[] bytes, string source, string baseDirectory)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (bytes.Length > MaxDocumentBytes) return Failed(source, $"document is {bytes.Length} bytes; at most {MaxDocumentBytes} allowed") with { Sha256 = sha };

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : "";
            return new ConfigLoadResult
            {
                Source = source,
                Sha256 = sha,
                Problems = [new ConfigProblem(JsonPath.Root, $"not valid JSON{where}: {FirstSentence(ex.Message)}") { Source = "syntax" }],
            };
        }

        using (document)
        {
            var problems = new List<ConfigProblem>(schemas.Validate(RootSchema, document.RootElement, out var wrongTypes));
            ApplianceConfig? config = null;
            try
            {
                // Values of the wrong JSON type (a string where a number goes) cannot go into the typed model; they are
                // left out (defaults apply) so the semantic checks still run on everything else: every problem at once.
                config = wrongTypes.Count == 0
                    ? document.RootElement.Deserialize(ConfigJsonContext.Default.ApplianceConfig)
                    : WithoutWrongTypes(bytes, wrongTypes)?.Deserialize(ConfigJsonContext.Default.ApplianceConfig);
            }
            catch (JsonException) when (problems.Count > 0)
            {
                // Still a shape the model cannot hold: the schema has already said what is wrong.
            }
            catch (JsonException ex)
            {
                problems.Add(new ConfigProblem(JsonPath.Root, $"cannot be read into the configuration model: {FirstSentence(ex.Message)}"));
            }

            if (config is not null)
            {
                var context = new ConfigCheckContext(baseDirectory, interfaces);
                foreach (var check in checks)
                {
                    check.Check(config, context);
                }
                problems.AddRange(context.Problems);
            }

            var errors = problems.Any(p => p.Severity == ConfigProblemSeverity.Error);
            return new ConfigLoadResult { Source = source, Sha256 = sha, Problems = problems, Config = errors ? null : config };
        }
    }

    // A copy of the document without the members whose value has the wrong type; an array element of the wrong type
    // takes its whole array with it (removing only the element would shift the indexes later problems are reported at).
    private static JsonNode? WithoutWrongTypes(byte[] bytes, IReadOnlySet<string> wrongTypes)
    {
        if (wrongTypes.Contains(JsonPath.Root)) return null;
        try
        {
            var root = JsonNode.Parse(bytes, documentOptions: DocumentOptions);
            Prune(root, JsonPath.Root, wrongTypes);
            return root;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return null; // e.g. a duplicate key (already reported): give up on the typed checks, never on the report
        }
    }

    // Returns true when `node` (at `path`) must be removed from its parent.
    private static bool Prune(JsonNode? node, string path, IReadOnlySet<string> wrongTypes)
    {
        if (wrongTypes.Contains(path)) return true;
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (Prune(obj[name], JsonPath.Property(path, name), wrongTypes)) obj.Remove(name);
                }
                return false;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Prune(array[i], JsonPath.Index(path, i), wrongTypes)) return true;
                }
                return false;
            default:
                return false;
        }
    }

    private static ConfigLoadResult Failed(string source, string message) => new()
    {
        Source = source,
        Problems = [new ConfigProblem(JsonPath.Root, message) { Source = "syntax" }],
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
