namespace EdgeMx.Appliance.Hosting;

/// <summary>`edgemx run` options. The overrides exist for labs and tests that run several appliances side by side.</summary>
public sealed record RunOptions
{
    public required string ConfigPath { get; init; }

    /// <summary>Overrides controlSocket.path.</summary>
    public string? ControlSocket { get; init; }

    /// <summary>Overrides eventLog.path.</summary>
    public string? EventLog { get; init; }

    /// <summary>Overrides the board profile's simulated-panel state file (leds.stateFile).</summary>
    public string? LedStateFile { get; init; }

    /// <summary>"json" (structured, one object per line; the default) or "text".</summary>
    public string LogFormat { get; init; } = "json";

    public bool Verbose { get; init; }
}
