namespace EdgeMx.Mqtt.Queue;

/// <summary>
/// The QoS 1 outbox: every durable message is appended here first and leaves only when the broker has acknowledged
/// it — so messages published while the broker is unreachable, or across an appliance restart, are delivered in
/// order once it is back. Bounded by count and bytes: the oldest are dropped (and counted) to make room.
/// Persisted as an append-only log (see <c>MqttOfflineQueue.Persistence.cs</c>); thread-safe; never throws for
/// I/O trouble (the queue keeps working in memory and <see cref="PersistenceError"/> says why).
/// </summary>
public sealed partial class MqttOfflineQueue : IDisposable
{
    private readonly object _gate = new();
    private readonly List<QueuedMessage> _items = [];
    private readonly TimeProvider _time;
    private int _head;
    private long _nextId = 1;

    private MqttOfflineQueue(MqttOfflineQueueOptions options, TimeProvider time)
    {
        if (options.MaxMessages < 1 || options.MaxBytes < 1 || options.MaxMessageBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "queue bounds must be positive");
        Options = options;
        _time = time;
    }

    /// <summary>Opens (or creates) the queue, replaying what a previous run left on disk.</summary>
    public static MqttOfflineQueue Open(MqttOfflineQueueOptions options, TimeProvider? time = null)
    {
        var queue = new MqttOfflineQueue(options, time ?? TimeProvider.System);
        queue.Load();
        return queue;
    }

    public MqttOfflineQueueOptions Options { get; }

    public int Count { get { lock (_gate) return _count; } }
    public long Bytes { get { lock (_gate) return _bytes; } }

    /// <summary>Messages dropped as the oldest when the queue was full, over its whole life (persisted).</summary>
    public long DroppedTotal { get { lock (_gate) return _droppedTotal; } }

    /// <summary>The highest <see cref="QueuedMessage.Tag"/> ever enqueued (persisted): where a producer resumes.</summary>
    public long HighestTag { get { lock (_gate) return _highestTag; } }

    /// <summary>Why the queue is not being written to disk, or null when it is (or is memory-only).</summary>
    public string? PersistenceError { get { lock (_gate) return _persistenceError; } }

    private int _count;
    private long _bytes;
    private long _droppedTotal;
    private long _highestTag;

    /// <summary>
    /// Appends a message (persisted before this returns). Returns the queued entry and how many of the oldest were
    /// dropped to make room; null entry when the message alone exceeds <see cref="MqttOfflineQueueOptions.MaxMessageBytes"/>.
    /// </summary>
    public (QueuedMessage? Message, int Dropped) Enqueue(MqttApplicationMessage message, long tag = 0)
    {
        var size = SizeOf(message);
        if (size > Options.MaxMessageBytes) return (null, 0);
        lock (_gate)
        {
            var item = new QueuedMessage(_nextId++, tag, _time.GetUtcNow(), message, size);
            var dropped = 0;
            while (_count > 0 && (_count + 1 > Options.MaxMessages || _bytes + size > Options.MaxBytes))
            {
                RemoveLocked(FirstLiveLocked()!, MqttQueueRemoval.Overflow);
                dropped++;
            }
            _droppedTotal += dropped;
            _items.Add(item);
            _count++;
            _bytes += size;
            if (tag > _highestTag) _highestTag = tag;
            AppendMessageRecord(item);
            return (item, dropped);
        }
    }

    /// <summary>The first message still queued whose id is greater than <paramref name="afterId"/>.</summary>
    public bool TryGetNext(long afterId, out QueuedMessage message)
    {
        lock (_gate)
        {
            var index = IndexAfterLocked(afterId);
            for (; index < _items.Count; index++)
            {
                if (_items[index].Removed) continue;
                message = _items[index];
                return true;
            }
            message = null!;
            return false;
        }
    }

    /// <summary>Messages still queued, oldest first (a snapshot).</summary>
    public IReadOnlyList<QueuedMessage> Snapshot()
    {
        lock (_gate) return _items.Skip(_head).Where(m => !m.Removed).ToList();
    }

    /// <summary>Takes a message out (delivered, expired, rejected). Unknown or already removed ids are ignored.</summary>
    public bool Remove(long id, MqttQueueRemoval reason)
    {
        lock (_gate)
        {
            var index = IndexAfterLocked(id - 1);
            if (index >= _items.Count || _items[index].Id != id || _items[index].Removed) return false;
            RemoveLocked(_items[index], reason);
            return true;
        }
    }

    private void RemoveLocked(QueuedMessage item, MqttQueueRemoval reason)
    {
        item.Removed = true;
        _count--;
        _bytes -= item.Size;
        while (_head < _items.Count && _items[_head].Removed) _head++;
        if (_head > 1024 && _head * 2 > _items.Count)
        {
            _items.RemoveRange(0, _head);
            _head = 0;
        }
        AppendRemovalRecord(item.Id, reason);
    }

    private QueuedMessage? FirstLiveLocked()
    {
        for (var i = _head; i < _items.Count; i++)
            if (!_items[i].Removed) return _items[i];
        return null;
    }

    // Ids only grow, so the live window is sorted: binary search for the first id > afterId.
    private int IndexAfterLocked(long afterId)
    {
        int lo = _head, hi = _items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_items[mid].Id <= afterId) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Bytes a message counts against <see cref="MqttOfflineQueueOptions.MaxBytes"/>: its content plus a
    /// fixed allowance for bookkeeping.</summary>
    public static int SizeOf(MqttApplicationMessage m) =>
        64 + System.Text.Encoding.UTF8.GetByteCount(m.Topic) + m.Payload.Length + (m.ContentType?.Length ?? 0) +
        (m.ResponseTopic?.Length ?? 0) + (m.CorrelationData?.Length ?? 0);

    public void Dispose()
    {
        lock (_gate) CloseFile();
    }
}
