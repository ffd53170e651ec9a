using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Core.Configuration;

/// <summary>The outcome of reading and validating a configuration: the model when it can run, and every problem found.</summary>
public sealed record ConfigLoadResult
{
    /// <summary>Where the document came from (a file path, or a name for in-memory text).</summary>
    public required string Source { get; init; }

    /// <summary>Null when the document has errors.</summary>
    public ApplianceConfig? Config { get; init; }

    public IReadOnlyList<ConfigProblem> Problems { get; init; } = [];

    /// <summary>SHA-256 of the bytes read (lower-case hex), null when the file could not be read.</summary>
    public string? Sha256 { get; init; }

    public int ErrorCount => Problems.Count(p => p.Severity == ConfigProblemSeverity.Error);
    public int WarningCount => Problems.Count(p => p.Severity == ConfigProblemSeverity.Warning);
    public bool IsValid => Config is not null && ErrorCount == 0;

    /// <summary>The report as the CLI prints it and events carry it: a summary line, then one line per problem.</summary>
    public string Format()
    {
        var summary = ErrorCount == 0
            ? $"{Source}: valid{(WarningCount > 0 ? $", {Plural(WarningCount, "warning")}" : "")}"
            : $"{Source}: invalid, {Plural(ErrorCount, "error")}{(WarningCount > 0 ? $", {Plural(WarningCount, "warning")}" : "")}";
        var lines = new List<string> { summary };
        lines.AddRange(Problems.Select(p => $"  {(p.Severity == ConfigProblemSeverity.Error ? "error  " : "warning")} {p.Path}: {p.Message}"));
        return string.Join('\n', lines);
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
