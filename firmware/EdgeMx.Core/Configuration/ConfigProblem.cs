using System.Text.Json.Serialization;

namespace EdgeMx.Core.Configuration;

/// <summary>One thing wrong with a configuration document, located by its JSON path ("$.uplinks[1].gateway").</summary>
public sealed record ConfigProblem(string Path, string Message)
{
    public ConfigProblemSeverity Severity { get; init; } = ConfigProblemSeverity.Error;

    /// <summary>"syntax" (not JSON), "schema" (shape: types, names, ranges) or "semantic" (meaning: references, overlaps, files).</summary>
    public string Source { get; init; } = "schema";

    public override string ToString() => $"{(Severity == ConfigProblemSeverity.Error ? "error" : "warning")} {Path}: {Message}";
}

[JsonConverter(typeof(JsonStringEnumConverter<ConfigProblemSeverity>))]
public enum ConfigProblemSeverity
{
    /// <summary>The document cannot be run.</summary>
    [JsonStringEnumMemberName("error")] Error,
    /// <summary>Runs, but probably not as intended (a threshold that can never trigger, …).</summary>
    [JsonStringEnumMemberName("warning")] Warning,
}
