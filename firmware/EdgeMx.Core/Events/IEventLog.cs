namespace EdgeMx.Core.Events;

/// <summary>
/// The ordered history of the appliance: a bounded ring persisted to disk (survives restarts) and streamed to
/// subscribers (control socket `events --follow`, MQTT telemetry). Thread-safe.
/// </summary>
public interface IEventLog
{
    /// <summary>Appends an event, assigning sequence and time, and wakes followers. Never throws for I/O trouble
    /// (a persistence failure is counted and reported once as its own event).</summary>
    ApplianceEvent Append(EventDraft draft);

    /// <summary>Sequence number of the newest entry (0 when empty).</summary>
    long LastSequence { get; }

    /// <summary>Entries with Sequence &gt; <paramref name="afterSequence"/> and Time &gt;= <paramref name="since"/>, oldest first.</summary>
    IReadOnlyList<ApplianceEvent> Read(long afterSequence = 0, DateTimeOffset? since = null, int max = int.MaxValue);

    /// <summary>Backlog after <paramref name="afterSequence"/> (what the ring still holds), then live entries as they
    /// are appended, until cancelled. A slow follower that falls behind the ring resumes at the oldest kept entry.</summary>
    IAsyncEnumerable<ApplianceEvent> Follow(long afterSequence, CancellationToken cancellationToken);
}
