namespace EdgeMx.Mqtt.Telemetry.Commands;

/// <summary>The answer to a command, on <c>&lt;prefix&gt;/&lt;id&gt;/reply/&lt;command&gt;</c> or the v5 Response Topic.</summary>
public sealed record CommandReply
{
    public required string Command { get; init; }
    public string? RequestId { get; init; }
    public bool Ok { get; init; }

    /// <summary>What was done, when <see cref="Ok"/>.</summary>
    public string? Result { get; init; }

    /// <summary>Why not, when not <see cref="Ok"/>.</summary>
    public string? Error { get; init; }
    public DateTimeOffset Time { get; init; }
}
