using System.Buffers;
using System.Text;
using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Formatting;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Tests.Broker;
using EdgeMx.Mqtt.Transport;
using EdgeMx.Testing;

namespace EdgeMx.Mqtt.Tests.Client;

/// <summary>
/// QoS 1 flow control and resends, seen from a broker that acknowledges only when the test says so: the in-flight
/// window (ours and the broker's Receive Maximum), and every unacknowledged PUBLISH sent again after a reconnect —
/// first, in order, with DUP and its original Packet Identifier when the broker kept the session (§4.4), before
/// anything newer.
/// </summary>
public sealed class MqttClientFlowTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(MqttProtocolVersion.V311, 4, null, 4)]
    [InlineData(MqttProtocolVersion.V500, 4, null, 4)]
    [InlineData(MqttProtocolVersion.V500, 16, (ushort)3, 3)] // the broker's Receive Maximum is the tighter bound
    public async Task No_more_than_the_in_flight_limit_is_unacknowledged_at_once(MqttProtocolVersion version, int maxInFlight, ushort? receiveMaximum, int window)
    {
        var acks = new SemaphoreSlim(0);
        FakeBroker? self = null;
        await using var broker = new FakeBroker(version, async (stream, _, ct) =>
        {
            var connAck = receiveMaximum is { } rm ? FakeBroker.ConnAck(version, new MqttProperties { ReceiveMaximum = rm }) : FakeBroker.ConnAck(version);
            await stream.WriteAsync(connAck, ct);
            ushort next = 0;
            while (true)
            {
                await acks.WaitAsync(ct);
                // Acknowledge the oldest PUBLISH not yet acknowledged (the broker sees them in order).
                while (Publishes(self!).Count <= next) await Task.Delay(10, ct);
                var publish = Publishes(self!)[next++];
                await stream.WriteAsync(Encode(version, new PubAckPacket { PacketId = publish.PacketId }), ct);
            }
        });
        self = broker;
        await using var client = Create(broker, version, o => o with { MaxInFlight = maxInFlight });
        client.Client.Start();
        await client.WaitConnectedAsync();
        for (var i = 1; i <= 10; i++)
            Assert.Equal(MqttPublishOutcome.Queued, client.Client.Enqueue(Message(i)).Outcome);

        await ProcessRunner.WaitUntilAsync(() => Publishes(broker).Count == window, Deadline, $"{window} PUBLISHes");
        await Task.Delay(300); // the window is full: nothing more may come (the thing under test is the absence)
        Assert.Equal(window, Publishes(broker).Count);

        acks.Release(); // one PUBACK opens the window by exactly one
        await ProcessRunner.WaitUntilAsync(() => Publishes(broker).Count == window + 1, Deadline, "one more PUBLISH after one PUBACK");
        await Task.Delay(300);
        Assert.Equal(window + 1, Publishes(broker).Count);

        acks.Release(20);
        await ProcessRunner.WaitUntilAsync(() => client.Queue.Count == 0, Deadline, "all ten acknowledged");
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"m{i}"), Publishes(broker).Select(Text));
        var ids = Publishes(broker).Select(p => p.PacketId).ToList();
        Assert.All(ids, id => Assert.NotEqual(0, id));
        // Never two unacknowledged PUBLISHes with the same identifier.
        Assert.Equal(window, ids.Take(window).Distinct().Count());
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Unacknowledged_publishes_are_sent_again_first_with_dup_and_their_ids_when_the_session_was_kept(MqttProtocolVersion version)
    {
        // Connection 1 takes three PUBLISHes and vanishes without a PUBACK; connection 2 says "session present".
        var firstThree = new TaskCompletionSource();
        FakeBroker? self = null;
        await using var broker = new FakeBroker(version, async (stream, index, ct) =>
        {
            if (index == 1)
            {
                await stream.WriteAsync(FakeBroker.ConnAck(version), ct);
                await firstThree.Task.WaitAsync(ct);
                stream.Close();
                return;
            }
            await stream.WriteAsync(Hex.Parse(version == MqttProtocolVersion.V500 ? "20 03 01 00 00" : "20 02 01 00"), ct);
            await AcknowledgeEverythingAsync(self!, version, stream, ct);
        });
        self = broker;
        await using var client = Create(broker, version, o => o with { CleanStart = false });
        client.Client.Start();
        await client.WaitConnectedAsync();
        for (var i = 1; i <= 3; i++) client.Client.Enqueue(Message(i));
        await ProcessRunner.WaitUntilAsync(() => Publishes(broker).Count == 3, Deadline, "three PUBLISHes on the first connection");
        var original = Publishes(broker).ToList();
        firstThree.SetResult();
        await client.WaitConnectedAsync(times: 2);
        client.Client.Enqueue(Message(4));

        await ProcessRunner.WaitUntilAsync(() => client.Queue.Count == 0, Deadline, "everything acknowledged on the second connection");
        var again = Publishes(broker).Skip(3).ToList();
        Assert.Equal(["m1", "m2", "m3", "m4"], again.Select(Text));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(again[i].Dup, $"resend of m{i + 1} carries DUP");
            Assert.Equal(original[i].PacketId, again[i].PacketId);
        }
        Assert.False(again[3].Dup);
        Assert.DoesNotContain(again[3].PacketId, again.Take(3).Select(p => p.PacketId));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Unacknowledged_publishes_are_sent_again_first_after_a_reconnect_without_a_session(MqttProtocolVersion version)
    {
        var firstTwo = new TaskCompletionSource();
        FakeBroker? self = null;
        await using var broker = new FakeBroker(version, async (stream, index, ct) =>
        {
            await stream.WriteAsync(FakeBroker.ConnAck(version), ct); // session present = 0 every time
            if (index == 1)
            {
                await firstTwo.Task.WaitAsync(ct);
                stream.Close();
                return;
            }
            await AcknowledgeEverythingAsync(self!, version, stream, ct);
        });
        self = broker;
        await using var client = Create(broker, version, o => o with { CleanStart = true });
        client.Client.Start();
        await client.WaitConnectedAsync();
        client.Client.Enqueue(Message(1));
        client.Client.Enqueue(Message(2));
        await ProcessRunner.WaitUntilAsync(() => Publishes(broker).Count == 2, Deadline, "two PUBLISHes on the first connection");
        firstTwo.SetResult();
        await client.WaitConnectedAsync(times: 2);
        client.Client.Enqueue(Message(3));
        await ProcessRunner.WaitUntilAsync(() => client.Queue.Count == 0, Deadline, "everything acknowledged");
        Assert.Equal(["m1", "m2", "m1", "m2", "m3"], Publishes(broker).Select(Text));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task A_clean_stop_waits_for_the_pubacks_of_what_is_in_flight_so_a_restart_sends_no_duplicates(MqttProtocolVersion version)
    {
        // A slow broker: PUBACKs 400 ms after each PUBLISH. Stopping right after sending must not leave the three in
        // the queue (they would go out again after the next start: a duplicate at every subscriber).
        FakeBroker? self = null;
        await using var broker = new FakeBroker(version, async (stream, _, ct) =>
        {
            await stream.WriteAsync(FakeBroker.ConnAck(version), ct);
            var acknowledged = 0;
            while (true)
            {
                var seen = Publishes(self!);
                if (acknowledged < seen.Count)
                {
                    await Task.Delay(400, ct);
                    await stream.WriteAsync(Encode(version, new PubAckPacket { PacketId = seen[acknowledged++].PacketId }), ct);
                    continue;
                }
                await Task.Delay(10, ct);
            }
        });
        self = broker;
        await using var client = Create(broker, version, o => o);
        client.Client.Start();
        await client.WaitConnectedAsync();
        for (var i = 1; i <= 3; i++) client.Client.Enqueue(Message(i));
        await ProcessRunner.WaitUntilAsync(() => Publishes(broker).Count == 3, Deadline, "three PUBLISHes");

        await client.Client.StopAsync();
        Assert.Equal(0, client.Queue.Count); // every PUBACK arrived before the stop returned
        // The broker's reader may record the DISCONNECT a moment after the client has closed: wait for it, then check
        // that nothing but the DISCONNECT followed the PUBLISHes.
        await ProcessRunner.WaitUntilAsync(() => broker.ReceivedAfterHandshake.Any(p => p is DisconnectPacket), Deadline, "the DISCONNECT");
        var afterLastPublish = broker.ReceivedAfterHandshake.SkipWhile(p => p is not PublishPacket).ToList();
        Assert.Equal(3, afterLastPublish.Count(p => p is PublishPacket));
        Assert.IsType<DisconnectPacket>(afterLastPublish.Last());
    }

    [Fact]
    public async Task A_clean_stop_gives_a_silent_broker_two_seconds_then_keeps_the_messages_queued()
    {
        await using var broker = new FakeBroker(MqttProtocolVersion.V500, async (stream, _, ct) =>
        {
            await stream.WriteAsync(FakeBroker.ConnAck(MqttProtocolVersion.V500), ct);
            await Task.Delay(Timeout.Infinite, ct); // never a PUBACK
        });
        await using var client = Create(broker, MqttProtocolVersion.V500, o => o);
        client.Client.Start();
        await client.WaitConnectedAsync();
        for (var i = 1; i <= 3; i++) client.Client.Enqueue(Message(i));
        await ProcessRunner.WaitUntilAsync(() => Publishes(broker).Count == 3, Deadline, "three PUBLISHes");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await client.Client.StopAsync();
        Assert.InRange(watch.Elapsed, MqttClient.DrainTimeout - TimeSpan.FromMilliseconds(100), MqttClient.DrainTimeout + TimeSpan.FromSeconds(3));
        Assert.Equal(3, client.Queue.Count); // at least once: sent again after the next start
    }

    // Acknowledges, in order, every PUBLISH the broker has seen beyond those it already acknowledged.
    private static async Task AcknowledgeEverythingAsync(FakeBroker broker, MqttProtocolVersion version, Stream stream, CancellationToken ct)
    {
        var acknowledged = Publishes(broker).Count;
        while (true)
        {
            var seen = Publishes(broker);
            for (; acknowledged < seen.Count; acknowledged++)
                await stream.WriteAsync(Encode(version, new PubAckPacket { PacketId = seen[acknowledged].PacketId }), ct);
            await Task.Delay(20, ct);
        }
    }

    private static List<PublishPacket> Publishes(FakeBroker broker) => broker.ReceivedAfterHandshake.OfType<PublishPacket>().ToList();

    private static string Text(PublishPacket p) => Encoding.ASCII.GetString(p.Payload.Span);

    private static MqttApplicationMessage Message(int i) =>
        new() { Topic = "edgemx/flow/events", Payload = Encoding.ASCII.GetBytes($"m{i}"), Qos = MqttQos.AtLeastOnce };

    private static byte[] Encode(MqttProtocolVersion version, MqttPacket packet)
    {
        var buffer = new ArrayBufferWriter<byte>();
        new MqttPacketFormatterAdapter(version, 1 << 20).Write(packet, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private TestClient Create(FakeBroker broker, MqttProtocolVersion version, Func<MqttClientOptions, MqttClientOptions> configure)
    {
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1", Port = broker.Port, Security = MqttTransportSecurity.None, ProtocolVersion = version, ClientId = "flow",
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(50), ReconnectMaximumDelay = TimeSpan.FromMilliseconds(200),
        };
        return TestClient.Create(configure(options), output);
    }
}
