namespace EdgeMx.Mqtt.Queue;

/// <summary>One message held by the offline queue, in order of <see cref="Id"/>.</summary>
public sealed class QueuedMessage
{
    internal QueuedMessage(long id, long tag, DateTimeOffset enqueuedAt, MqttApplicationMessage message, int size)
    {
        Id = id;
        Tag = tag;
        EnqueuedAt = enqueuedAt;
        Message = message;
        Size = size;
    }

    /// <summary>Monotonic across restarts.</summary>
    public long Id { get; }

    /// <summary>The producer's own position (the event-log sequence), used to resume after a restart.</summary>
    public long Tag { get; }
    public DateTimeOffset EnqueuedAt { get; }
    public MqttApplicationMessage Message { get; }
    public int Size { get; }

    /// <summary>Not persisted: how often it went out on this run (a resend carries DUP) and its Packet Identifier.</summary>
    public int SendCount { get; internal set; }
    public ushort PacketId { get; internal set; }
    internal bool Removed { get; set; }
}
