namespace EdgeMx.Core.Events;

/// <summary>What a subsystem reports; the event log assigns the sequence number and the time.</summary>
public sealed record EventDraft(EventSeverity Severity, EventCategory Category, string Type, string Message)
{
    public string? Check { get; init; }
    public string? Subject { get; init; }
    public IReadOnlyDictionary<string, string>? Details { get; init; }
}
