using System.Reflection;
using System.Text;
using System.Text.Json;
using EdgeMx.Core.Configuration;
using EdgeMx.Core.Configuration.Schema;
using EdgeMx.Core.IO;
using EdgeMx.Hal.Board;

namespace EdgeMx.Core.Board;

/// <summary>
/// Reads board profiles: by id from the profiles shipped inside the binary (board-configs/boards/*.json), or from a
/// file. Same machinery as the appliance config: syntax, then board.schema.json (shape, with JSON paths), then the
/// checks the schema cannot express (<see cref="BoardProfileChecks"/>). Never throws for bad input.
/// </summary>
public sealed class BoardProfileLoader(JsonSchemaSet schemas)
{
    public const string SchemaFile = "board.schema.json";
    private const string ResourcePrefix = "boards/";
    private const int MaxDocumentBytes = 256 * 1024;

    public static BoardProfileLoader CreateDefault() => new(JsonSchemaSet.Shipped);

    /// <summary>Ids of the profiles shipped in this build.</summary>
    public static IReadOnlyList<string> ShippedBoards { get; } = typeof(BoardProfileLoader).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length]).Order(StringComparer.Ordinal).ToList();

    /// <summary>A shipped id ("rpi4b") or a path to a *.json profile (relative paths against <paramref name="baseDirectory"/>).</summary>
    public BoardLoadResult Load(string reference, string baseDirectory)
    {
        if (!reference.EndsWith(".json", StringComparison.Ordinal))
        {
            using var stream = typeof(BoardProfileLoader).Assembly.GetManifestResourceStream(ResourcePrefix + reference + ".json");
            if (stream is null)
                return Failed(reference, $"no board profile \"{reference}\" (shipped: {string.Join(", ", ShippedBoards)}); give a path to a .json profile for another board");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return LoadText(reader.ReadToEnd(), $"board {reference}", expectedId: reference);
        }
        var path = Path.GetFullPath(Path.Combine(baseDirectory, reference));
        try
        {
            var kind = FileKinds.Of(path);
            if (kind == FileKind.Missing && !File.Exists(path)) return Failed(path, "file does not exist");
            // A FIFO would block the open and /dev/zero never ends: only regular files are read (bounded all the same).
            if (kind is not (FileKind.Regular or FileKind.Missing)) return Failed(path, $"is {FileKinds.Describe(kind)}, not a board profile");
            var info = new FileInfo(path);
            if (info.Length > MaxDocumentBytes) return Failed(path, $"file is {info.Length} bytes; a board profile may be at most {MaxDocumentBytes}");
            return LoadText(BoundedFile.ReadAllText(path, MaxDocumentBytes), path, expectedId: Path.GetFileNameWithoutExtension(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(path, "cannot be read: " + e.Message);
        }
    }

    public BoardLoadResult LoadText(string text, string source, string? expectedId = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : "";
            return Failed(source, $"not valid JSON{where}") with { };
        }
        using (document)
        {
            var problems = schemas.Validate(SchemaFile, document.RootElement).ToList();
            if (problems.Count > 0) return new BoardLoadResult { Source = source, Problems = problems };
            BoardProfile? profile;
            try
            {
                profile = document.RootElement.Deserialize(BoardJsonContext.Default.BoardProfile);
            }
            catch (JsonException e)
            {
                return Failed(source, "cannot be read into the board model: " + e.Message);
            }
            if (profile is null) return Failed(source, "empty profile");
            problems.AddRange(BoardProfileChecks.Check(profile, expectedId));
            return new BoardLoadResult
            {
                Source = source,
                Profile = problems.Any(p => p.Severity == ConfigProblemSeverity.Error) ? null : profile,
                Problems = problems,
            };
        }
    }

    private static BoardLoadResult Failed(string source, string message) =>
        new() { Source = source, Problems = [new ConfigProblem(JsonPath.Root, message) { Source = "board" }] };
}
