using EdgeMx.Core.Configuration;
using EdgeMx.Hal.Board;

namespace EdgeMx.Core.Board;

/// <summary>A board profile read and validated, or every problem with it (JSON paths into the profile).</summary>
public sealed record BoardLoadResult
{
    public required string Source { get; init; }
    public BoardProfile? Profile { get; init; }
    public IReadOnlyList<ConfigProblem> Problems { get; init; } = [];

    public bool IsValid => Profile is not null && Problems.All(p => p.Severity != ConfigProblemSeverity.Error);

    public string Format() => IsValid
        ? $"{Source}: valid"
        : $"{Source}: invalid\n" + string.Join('\n', Problems.Select(p => "  " + p));
}
