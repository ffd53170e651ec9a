namespace EdgeMx.Core.Events;

/// <summary>
/// One entry of the event log. Messages are written for troubleshooting, modelled on seed 001's event-log
/// section: <see cref="Message"/> says what happened, <see cref="Check"/> says what the operator should check.
/// </summary>
/// <param name="Sequence">Monotonic across restarts (the ring is persisted), starting at 1.</param>
/// <param name="Type">Stable machine-readable id, dotted: "uplink.failover", "vpn.ike.no-proposal-chosen".</param>
/// <param name="Subject">What the event is about: an uplink ("wan1"), a tunnel ("hub-primary"), a subsystem.</param>
/// <param name="Details">Structured facts (addresses, SPIs, proposals, timings). Never secrets.</param>
public sealed record ApplianceEvent(
    long Sequence,
    DateTimeOffset Time,
    EventSeverity Severity,
    EventCategory Category,
    string Type,
    string Message,
    string? Check,
    string? Subject,
    IReadOnlyDictionary<string, string>? Details);
