using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Queue;
using EdgeMx.Mqtt.Tests.Broker;
using EdgeMx.Mqtt.Transport;
using EdgeMx.Testing;

namespace EdgeMx.Mqtt.Tests.Client;

/// <summary>
/// A fake broker feeding malformed and oversized packets: the client closes the connection cleanly (telling a v5
/// broker why), reconnects, never crashes, and its memory stays bounded.
/// </summary>
public sealed class MqttClientHostileBrokerTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Hostile() =>
        from version in new[] { MqttProtocolVersion.V311, MqttProtocolVersion.V500 }
        from s in new (string Name, string Hex, MqttReasonCode Code)[]
        {
            ("oversized", "30 ff ff ff 7f", MqttReasonCode.PacketTooLarge),
            ("five-byte-length", "30 ff ff ff ff 01", MqttReasonCode.MalformedPacket),
            ("string-past-end", "30 05 00 10 61 62 63", MqttReasonCode.MalformedPacket),
            ("bad-flags", "41 02 00 01", MqttReasonCode.MalformedPacket),
            ("reserved-type", "00 00", MqttReasonCode.MalformedPacket),
            ("invalid-utf8", "30 05 00 02 c3 28 00", MqttReasonCode.MalformedPacket),
            ("second-connack", version == MqttProtocolVersion.V500 ? "20 03 00 00 00" : "20 02 00 00", MqttReasonCode.ProtocolError),
            ("qos2-publish", version == MqttProtocolVersion.V500 ? "34 06 00 01 61 00 01 00" : "34 05 00 01 61 00 01", MqttReasonCode.ProtocolError),
        }
        select new object[] { version, s.Name, s.Hex, s.Code };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Malformed_input_closes_cleanly_and_the_client_reconnects(MqttProtocolVersion version, string name, string hex, MqttReasonCode expected)
    {
        output.WriteLine(name);
        await using var broker = new FakeBroker(version, async (stream, _, ct) =>
        {
            await stream.WriteAsync(FakeBroker.ConnAck(version), ct);
            await stream.WriteAsync(Hex.Parse(hex), ct);
            await Task.Delay(TimeSpan.FromSeconds(5), ct); // hold the connection: the client must be the one closing it
        });
        await using var client = Create(broker, version);
        client.Client.Start();

        await ProcessRunner.WaitUntilAsync(() => broker.Connections >= 3, TimeSpan.FromSeconds(15), "three connections");
        var problem = client.LastProblem()!;
        Assert.Equal(MqttConnectionProblemKind.ProtocolViolation, problem.Kind);
        Assert.Equal(expected, problem.ReasonCode);
        Assert.NotEqual(MqttClientState.Stopped, client.Client.State);
        if (version == MqttProtocolVersion.V500)
        {
            // §4.13: on a malformed packet or protocol error, send DISCONNECT with the reason before closing.
            var disconnects = broker.ReceivedAfterHandshake.OfType<DisconnectPacket>().ToList();
            Assert.NotEmpty(disconnects);
            Assert.All(disconnects, d => Assert.Equal(expected, d.ReasonCode));
        }
    }

    [Fact]
    public async Task Silence_after_connect_is_a_timeout_and_retried()
    {
        await using var broker = new FakeBroker(MqttProtocolVersion.V500, (_, _, ct) => Task.Delay(Timeout.Infinite, ct));
        await using var client = Create(broker, MqttProtocolVersion.V500, o => o with { ConnectTimeout = TimeSpan.FromMilliseconds(500) });
        client.Client.Start();
        await ProcessRunner.WaitUntilAsync(() => broker.Connections >= 2, TimeSpan.FromSeconds(10), "a second attempt");
        Assert.Equal(MqttConnectionProblemKind.Timeout, client.LastProblem()!.Kind);
    }

    [Fact]
    public async Task An_unanswered_ping_ends_the_connection_and_it_reconnects()
    {
        await using var broker = new FakeBroker(MqttProtocolVersion.V500, async (stream, _, ct) =>
        {
            await stream.WriteAsync(FakeBroker.ConnAck(MqttProtocolVersion.V500), ct);
            await Task.Delay(Timeout.Infinite, ct); // never a PINGRESP
        });
        await using var client = Create(broker, MqttProtocolVersion.V500,
            o => o with { KeepAlive = TimeSpan.FromSeconds(1), PingTimeout = TimeSpan.FromMilliseconds(500) });
        client.Client.Start();
        await ProcessRunner.WaitUntilAsync(() => broker.Connections >= 2, TimeSpan.FromSeconds(10), "a reconnect");
        Assert.Equal(MqttConnectionProblemKind.ConnectionLost, client.LastProblem()!.Kind);
        Assert.Contains("PINGREQ", client.LastProblem()!.Message);
        Assert.Contains(broker.ReceivedAfterHandshake, p => p is PingReqPacket);
    }

    [Fact]
    public async Task A_connection_cut_in_the_middle_of_a_packet_is_lost_not_fatal()
    {
        await using var broker = new FakeBroker(MqttProtocolVersion.V311, async (stream, _, ct) =>
        {
            await stream.WriteAsync(FakeBroker.ConnAck(MqttProtocolVersion.V311), ct);
            await stream.WriteAsync(Hex.Parse("30 10 00 05 61"), ct);
            stream.Close();
        });
        await using var client = Create(broker, MqttProtocolVersion.V311);
        client.Client.Start();
        await ProcessRunner.WaitUntilAsync(() => broker.Connections >= 3, TimeSpan.FromSeconds(10), "reconnects");
        Assert.Equal(MqttConnectionProblemKind.ConnectionLost, client.LastProblem()!.Kind);
        Assert.Contains("middle of a packet", client.LastProblem()!.Message);
    }

    [Fact]
    public async Task A_refusing_connack_is_reported_with_its_reason()
    {
        await using var broker = new FakeBroker(MqttProtocolVersion.V500, async (stream, _, ct) =>
        {
            await stream.WriteAsync(Hex.Parse("20 03 00 87 00"), ct); // Not authorized
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        });
        await using var client = Create(broker, MqttProtocolVersion.V500);
        client.Client.Start();
        await ProcessRunner.WaitUntilAsync(() => client.LastProblem() is not null, TimeSpan.FromSeconds(10), "a problem report");
        Assert.Equal(MqttConnectionProblemKind.AuthenticationRefused, client.LastProblem()!.Kind);
        Assert.Equal(MqttReasonCode.NotAuthorized, client.LastProblem()!.ReasonCode);
    }

    private TestClient Create(FakeBroker broker, MqttProtocolVersion version, Func<MqttClientOptions, MqttClientOptions>? configure = null)
    {
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1", Port = broker.Port, Security = MqttTransportSecurity.None, ProtocolVersion = version, ClientId = "victim",
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(50), ReconnectMaximumDelay = TimeSpan.FromMilliseconds(200),
            MaximumIncomingPacketSize = 64 * 1024,
        };
        return TestClient.Create(configure?.Invoke(options) ?? options, output);
    }
}

/// <summary>Runs alone: it measures allocations, which parallel tests would disturb.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

[Collection(nameof(MemoryMeasurement))]
public sealed class MqttClientMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_flood_of_oversized_and_garbage_packets_keeps_memory_bounded()
    {
        var junk = new byte[4 * 1024 * 1024];
        new Random(5).NextBytes(junk);
        await using var broker = new FakeBroker(MqttProtocolVersion.V500, async (stream, index, ct) =>
        {
            await stream.WriteAsync(FakeBroker.ConnAck(MqttProtocolVersion.V500), ct);
            // Odd connections: a 256 MB length then megabytes of junk; even ones: pure garbage.
            if (index % 2 == 1) await stream.WriteAsync(Hex.Parse("30 ff ff ff 7f"), ct);
            await stream.WriteAsync(junk, ct);
        });
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1", Port = broker.Port, Security = MqttTransportSecurity.None, ClientId = "flooded",
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(10), ReconnectMaximumDelay = TimeSpan.FromMilliseconds(20),
            MaximumIncomingPacketSize = 64 * 1024,
        };
        await using var client = TestClient.Create(options, output);

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        client.Client.Start();
        await ProcessRunner.WaitUntilAsync(() => broker.Connections >= 40, TimeSpan.FromSeconds(60), "40 hostile connections");
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        GC.Collect();
        output.WriteLine($"allocated {allocated / 1024} KiB over {broker.Connections} connections; heap {GC.GetTotalMemory(false) / 1024} KiB");

        // 40 connections × 4 MB offered = 160 MB; the client reads at most one maximum-size packet before refusing.
        Assert.True(allocated < 40L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MiB");
        Assert.True(GC.GetTotalMemory(false) < 200L * 1024 * 1024);
        Assert.Equal(MqttConnectionProblemKind.ProtocolViolation, client.LastProblem()!.Kind);
    }
}
