using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Core.Events;

/// <summary>
/// The appliance's event log: a bounded in-memory ring mirrored to an append-only JSON-lines journal (compacted when it
/// grows past twice the ring), so the history survives restarts. Appending never throws for disk trouble: the first
/// failure becomes its own event and the disk is retried later (<see cref="EventLog.Journal"/>).
/// </summary>
public sealed partial class EventLog : IEventLog, IDisposable
{
    // Bounds on what one event may carry, so a runaway message (a peer's error text) cannot bloat the ring or the disk.
    public const int MaxTextLength = 2000;
    public const int MaxNameLength = 128;
    public const int MaxDetails = 32;
    public const int MaxDetailValueLength = 512;

    private readonly object _gate = new();
    private readonly ApplianceEvent[] _ring;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Journal? _journal;
    private int _head; // index of the oldest entry
    private int _count;
    private long _lastSequence;
    private bool _disposed;
    private TaskCompletionSource _appended = NewSignal();

    public EventLog(EventLogOptions options, TimeProvider time, ILogger<EventLog>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _ring = new ApplianceEvent[options.Capacity];
        if (options.Path is not null)
        {
            _journal = new Journal(options.Path, options.Capacity, options.RetryAfterFailure, _logger);
            foreach (var e in _journal.Load()) Keep(e);
            _journal.AfterLoad(Snapshot());
        }
    }

    public int Capacity => _ring.Length;

    /// <summary>Write failures of the journal since start (the appliance keeps running without the disk).</summary>
    public long PersistenceFailures => _journal?.Failures ?? 0;

    public long LastSequence
    {
        get { lock (_gate) return _lastSequence; }
    }

    public ApplianceEvent Append(EventDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ApplianceEvent appended;
        List<ApplianceEvent>? reports = null;
        TaskCompletionSource wake;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            appended = Stamp(draft);
            Keep(appended);
            // A change in the journal's health is itself an event, written (or not) like any other. This ends: the
            // journal reports each transition (failed / recovered) once, and a fresh failure waits for its back-off.
            var report = _journal?.Write(appended, _time.GetUtcNow(), Snapshot);
            while (report is not null)
            {
                var e = Stamp(report);
                Keep(e);
                (reports ??= []).Add(e);
                report = _journal!.Write(e, _time.GetUtcNow(), Snapshot);
            }
            wake = _appended;
            _appended = NewSignal();
        }
        LogAppended(appended);
        if (reports is not null) foreach (var e in reports) LogAppended(e);
        wake.TrySetResult();
        return appended;
    }

    public IReadOnlyList<ApplianceEvent> Read(long afterSequence = 0, DateTimeOffset? since = null, int max = int.MaxValue)
    {
        lock (_gate) return ReadLocked(afterSequence, since, max);
    }

    public void Dispose()
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _journal?.Dispose();
            wake = _appended;
        }
        wake.TrySetResult();
    }

    private List<ApplianceEvent> ReadLocked(long afterSequence, DateTimeOffset? since, int max)
    {
        var result = new List<ApplianceEvent>();
        for (var i = 0; i < _count && result.Count < max; i++)
        {
            var e = _ring[(_head + i) % _ring.Length];
            if (e.Sequence > afterSequence && (since is null || e.Time >= since)) result.Add(e);
        }
        return result;
    }

    private ApplianceEvent[] Snapshot()
    {
        var all = new ApplianceEvent[_count];
        for (var i = 0; i < _count; i++) all[i] = _ring[(_head + i) % _ring.Length];
        return all;
    }

    private void Keep(ApplianceEvent e)
    {
        if (e.Sequence > _lastSequence) _lastSequence = e.Sequence;
        if (_count < _ring.Length)
        {
            _ring[(_head + _count) % _ring.Length] = e;
            _count++;
        }
        else
        {
            _ring[_head] = e;
            _head = (_head + 1) % _ring.Length;
        }
    }

    private ApplianceEvent Stamp(EventDraft draft) => new(
        _lastSequence + 1,
        _time.GetUtcNow(),
        draft.Severity,
        draft.Category,
        Bound(draft.Type, MaxNameLength),
        Bound(draft.Message, MaxTextLength),
        draft.Check is null ? null : Bound(draft.Check, MaxTextLength),
        draft.Subject is null ? null : Bound(draft.Subject, MaxNameLength),
        BoundDetails(draft.Details));

    private static string Bound(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static IReadOnlyDictionary<string, string>? BoundDetails(IReadOnlyDictionary<string, string>? details)
    {
        if (details is null) return null;
        var bounded = new Dictionary<string, string>(Math.Min(details.Count, MaxDetails), StringComparer.Ordinal);
        foreach (var (key, value) in details)
        {
            if (bounded.Count == MaxDetails) break;
            bounded[Bound(key, MaxNameLength)] = Bound(value, MaxDetailValueLength);
        }
        return bounded;
    }

    private void LogAppended(ApplianceEvent e)
    {
        var level = e.Severity switch
        {
            EventSeverity.Debug => LogLevel.Debug,
            EventSeverity.Info or EventSeverity.Notice => LogLevel.Information,
            EventSeverity.Warning => LogLevel.Warning,
            EventSeverity.Error => LogLevel.Error,
            _ => LogLevel.Critical,
        };
        LogEvent(_logger, level, e.Sequence, e.Type, e.Subject ?? "-", e.Message, e.Check ?? "-");
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
