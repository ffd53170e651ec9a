using EdgeMx.Core.Configuration;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;

namespace EdgeMx.Appliance.Control;

/// <summary>
/// One line the appliance sends back. <see cref="Ok"/> false means the request was refused (<see cref="Error"/> says
/// why); the connection stays usable. Streams (status watch, events) send one line per item, a non-follow event
/// listing ends with a line of type "end".
/// </summary>
public sealed record ControlResponse
{
    public bool Ok { get; init; } = true;

    /// <summary>"status", "event", "end", "validate", "reload" or "error".</summary>
    public required string Type { get; init; }

    public string? Error { get; init; }
    public ApplianceState? State { get; init; }
    public ApplianceEvent? Event { get; init; }

    /// <summary>end: how many events were sent.</summary>
    public int? Count { get; init; }

    /// <summary>validate / reload: the verdict and every problem.</summary>
    public ConfigReport? Report { get; init; }

    /// <summary>reload: true when the new configuration now runs.</summary>
    public bool? Applied { get; init; }

    public string? Message { get; init; }

    public static ControlResponse Failure(string error) => new() { Ok = false, Type = "error", Error = error };
}

/// <summary>A configuration report as it travels over the socket.</summary>
public sealed record ConfigReport
{
    public required string Source { get; init; }
    public bool Valid { get; init; }
    public int Errors { get; init; }
    public int Warnings { get; init; }
    public IReadOnlyList<ConfigProblem> Problems { get; init; } = [];

    /// <summary>The report as `edgemx config validate` prints it.</summary>
    public required string Text { get; init; }

    public static ConfigReport From(ConfigLoadResult result) => new()
    {
        Source = result.Source,
        Valid = result.IsValid,
        Errors = result.ErrorCount,
        Warnings = result.WarningCount,
        Problems = result.Problems,
        Text = result.Format(),
    };
}
