using System.Text;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Queue;
using EdgeMx.Testing;

namespace EdgeMx.Mqtt.Tests.Queue;

public sealed class MqttOfflineQueueTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mqtt-queue-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider _time = new();

    private MqttOfflineQueue Open(int maxMessages = 100, long maxBytes = 1 << 20) =>
        MqttOfflineQueue.Open(new MqttOfflineQueueOptions { Directory = _dir, MaxMessages = maxMessages, MaxBytes = maxBytes }, _time);

    private static MqttApplicationMessage Message(int n, int payloadBytes = 10) => new()
    {
        Topic = $"edgemx/t/events", Qos = MqttQos.AtLeastOnce, Payload = Encoding.ASCII.GetBytes(n.ToString().PadLeft(payloadBytes, '0')),
    };

    private static List<string> Payloads(MqttOfflineQueue q) => q.Snapshot().Select(m => Encoding.ASCII.GetString(m.Message.Payload.Span)).ToList();

    [Fact]
    public void Messages_come_out_in_order_and_leave_when_removed()
    {
        using var q = Open();
        for (var i = 1; i <= 5; i++) q.Enqueue(Message(i), tag: i * 10);
        Assert.True(q.TryGetNext(0, out var first));
        Assert.True(q.TryGetNext(first.Id, out var second));
        Assert.Equal(first.Id + 1, second.Id);
        Assert.True(q.Remove(second.Id, MqttQueueRemoval.Delivered)); // out of order
        Assert.False(q.Remove(second.Id, MqttQueueRemoval.Delivered));
        Assert.True(q.TryGetNext(first.Id, out var third));
        Assert.Equal(second.Id + 1, third.Id);
        Assert.Equal(4, q.Count);
        Assert.Equal(50, q.HighestTag);
    }

    [Fact]
    public void Survives_a_restart_with_order_removals_and_tags()
    {
        using (var q = Open())
        {
            for (var i = 1; i <= 6; i++) q.Enqueue(Message(i) with { Retain = i % 2 == 0, MessageExpiryInterval = (uint)i, ContentType = "application/json" }, tag: 100 + i);
            q.Remove(q.Snapshot()[0].Id, MqttQueueRemoval.Delivered);
            q.Remove(q.Snapshot()[2].Id, MqttQueueRemoval.Delivered);
        }
        using var reopened = Open();
        Assert.Equal(["0000000002", "0000000003", "0000000005", "0000000006"], Payloads(reopened));
        Assert.Equal(106, reopened.HighestTag);
        var m = reopened.Snapshot()[0];
        Assert.True(m.Message.Retain);
        Assert.Equal(2u, m.Message.MessageExpiryInterval);
        Assert.Equal("application/json", m.Message.ContentType);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), m.EnqueuedAt.ToUnixTimeMilliseconds());
        // Ids keep growing across the restart.
        var (next, _) = reopened.Enqueue(Message(7));
        Assert.True(next!.Id > reopened.Snapshot()[^2].Id);
    }

    [Fact]
    public void The_highest_tag_survives_even_when_the_queue_is_empty()
    {
        using (var q = Open())
        {
            q.Enqueue(Message(1), tag: 41);
            q.Enqueue(Message(2), tag: 42);
            foreach (var m in q.Snapshot()) q.Remove(m.Id, MqttQueueRemoval.Delivered);
        }
        using (var q = Open()) Assert.Equal(42, q.HighestTag); // compacted to a checkpoint on this open
        using (var q = Open())
        {
            Assert.Equal(42, q.HighestTag);
            Assert.Equal(0, q.Count);
        }
    }

    [Fact]
    public void Full_queue_drops_the_oldest_and_counts_them()
    {
        using (var q = Open(maxMessages: 3))
        {
            for (var i = 1; i <= 5; i++)
            {
                var (_, dropped) = q.Enqueue(Message(i));
                Assert.Equal(i > 3 ? 1 : 0, dropped);
            }
            Assert.Equal(["0000000003", "0000000004", "0000000005"], Payloads(q));
            Assert.Equal(2, q.DroppedTotal);
        }
        using var reopened = Open(maxMessages: 3);
        Assert.Equal(2, reopened.DroppedTotal);
        Assert.Equal(3, reopened.Count);
    }

    [Fact]
    public void Byte_bound_drops_the_oldest_too()
    {
        var size = MqttOfflineQueue.SizeOf(Message(1, payloadBytes: 1000));
        using var q = Open(maxMessages: 1000, maxBytes: size * 3);
        for (var i = 1; i <= 4; i++) q.Enqueue(Message(i, payloadBytes: 1000));
        Assert.Equal(3, q.Count);
        Assert.Equal(size * 3, q.Bytes);
        Assert.Equal(1, q.DroppedTotal);
    }

    [Fact]
    public void Smaller_bounds_at_open_trim_the_oldest()
    {
        using (var q = Open(maxMessages: 10)) for (var i = 1; i <= 8; i++) q.Enqueue(Message(i));
        using var smaller = Open(maxMessages: 5);
        Assert.Equal(["0000000004", "0000000005", "0000000006", "0000000007", "0000000008"], Payloads(smaller));
        Assert.Equal(3, smaller.DroppedTotal);
    }

    [Fact]
    public void A_message_over_the_size_limit_is_refused()
    {
        using var q = MqttOfflineQueue.Open(new MqttOfflineQueueOptions { Directory = _dir, MaxMessageBytes = 100 }, _time);
        Assert.Null(q.Enqueue(Message(1, payloadBytes: 200)).Message);
        Assert.Equal(0, q.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    public void A_torn_tail_is_cut_and_everything_before_it_kept(int cut)
    {
        using (var q = Open()) for (var i = 1; i <= 3; i++) q.Enqueue(Message(i));
        var path = Path.Combine(_dir, "queue.log");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^cut]); // power lost while appending the third record
        using (var q = Open())
        {
            Assert.Equal(["0000000001", "0000000002"], Payloads(q));
            Assert.Equal(1, q.DiscardedOnLoad);
            q.Enqueue(Message(4));
        }
        using (var again = Open())
        {
            Assert.Equal(["0000000001", "0000000002", "0000000004"], Payloads(again));
            Assert.Equal(0, again.DiscardedOnLoad);
        }
        using var third = Open(); // a log that starts with a checkpoint replays like any other
        Assert.Equal(["0000000001", "0000000002", "0000000004"], Payloads(third));
    }

    [Fact]
    public void A_flipped_bit_stops_replay_at_that_record()
    {
        using (var q = Open()) for (var i = 1; i <= 3; i++) q.Enqueue(Message(i));
        var path = Path.Combine(_dir, "queue.log");
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x10; // inside the last record's payload: its CRC no longer matches
        File.WriteAllBytes(path, bytes);
        using var reopened = Open();
        Assert.Equal(["0000000001", "0000000002"], Payloads(reopened));
    }

    [Fact]
    public void A_foreign_file_is_set_aside_not_trusted()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "queue.log"), "not a queue");
        using var q = Open();
        Assert.Equal(0, q.Count);
        Assert.True(File.Exists(Path.Combine(_dir, "queue.log.unreadable")));
        q.Enqueue(Message(1));
        using var again = Open();
        Assert.Single(again.Snapshot());
    }

    [Fact]
    public void The_log_is_private_to_root()
    {
        using var q = Open();
        q.Enqueue(Message(1));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, "queue.log")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir));
    }

    [Fact]
    public void Compaction_keeps_the_log_from_growing_without_bound()
    {
        using var q = MqttOfflineQueue.Open(new MqttOfflineQueueOptions { Directory = _dir, MaxMessages = 100_000, MaxBytes = 1L << 30, SyncWrites = false }, _time);
        var path = Path.Combine(_dir, "queue.log");
        for (var i = 0; i < 20_000; i++)
        {
            var (m, _) = q.Enqueue(Message(i));
            q.Remove(m!.Id, MqttQueueRemoval.Delivered);
        }
        q.Enqueue(Message(-1));
        Assert.True(new FileInfo(path).Length < 200_000, $"log is {new FileInfo(path).Length} bytes");
        Assert.Single(q.Snapshot());
    }

    [Fact]
    public void Memory_only_queue_works_without_a_directory()
    {
        using var q = MqttOfflineQueue.Open(new MqttOfflineQueueOptions { Directory = null, MaxMessages = 2 }, _time);
        for (var i = 0; i < 3; i++) q.Enqueue(Message(i));
        Assert.Equal(2, q.Count);
        Assert.Null(q.PersistenceError);
    }

    [Fact]
    public void An_unwritable_directory_degrades_to_memory_with_a_reason()
    {
        var file = Path.Combine(Path.GetTempPath(), "mqtt-queue-file-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, "x");
        try
        {
            using var q = MqttOfflineQueue.Open(new MqttOfflineQueueOptions { Directory = Path.Combine(file, "sub") }, _time);
            Assert.NotNull(q.PersistenceError);
            q.Enqueue(Message(1));
            Assert.Equal(1, q.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
