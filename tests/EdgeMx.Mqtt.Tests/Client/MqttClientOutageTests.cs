using System.Text;
using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Tests.Broker;

namespace EdgeMx.Mqtt.Tests.Client;

/// <summary>Nothing lost across outages: a broker stopped for 30 s, a client killed while the broker is down,
/// and the Will when the client process dies.</summary>
public sealed class MqttClientOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private MosquittoBroker _broker = null!;
    private readonly string _queueDir = Path.Combine(Path.GetTempPath(), "edgemx-mqtt-queue-" + Guid.NewGuid().ToString("N")[..10]);

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        if (Directory.Exists(_queueDir)) Directory.Delete(_queueDir, recursive: true);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task The_will_is_published_when_the_client_process_is_killed(MqttProtocolVersion version)
    {
        var id = "will-" + version;
        await using var witness = await MosquittoSubscriber.StartAsync(_broker, $"edgemx/{id}/availability", "will-witness");
        await using var child = ChildProcess.Start("will", _broker.Port.ToString(), id, version.ToString());
        await child.WaitForLineAsync("ONLINE", TimeSpan.FromSeconds(30));
        await witness.WaitForLinesAsync(1, TimeSpan.FromSeconds(10));

        await child.KillAsync(); // SIGKILL
        await witness.WaitForLinesAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal([$"edgemx/{id}/availability online", $"edgemx/{id}/availability offline"], witness.Lines);

        // Retained: a dashboard that connects later still sees the appliance as offline.
        var retained = ProcessRunner.Run("mosquitto_sub", "-h", "127.0.0.1", "-p", _broker.Port.ToString(), "-t", $"edgemx/{id}/availability", "-C", "1", "-W", "5");
        Assert.Equal("offline", retained.Trim());
    }

    [Fact]
    public async Task Broker_stopped_for_30_s_while_events_keep_coming_then_every_event_arrives_in_order()
    {
        // A dashboard with a persistent session: the broker keeps its subscription and queue across its restart.
        await using var witness = await MosquittoSubscriber.StartAsync(_broker, "edgemx/outage/events", "outage-witness", "-c");
        await using var client = TestClient.Create(_broker, "outage", output, queueDirectory: _queueDir);
        client.Client.Start();
        await client.WaitConnectedAsync();

        var sent = 0;
        void Send(int n)
        {
            for (var i = 0; i < n; i++)
            {
                sent++;
                Assert.Equal(MqttPublishOutcome.Queued, client.Client.Enqueue(new MqttApplicationMessage
                {
                    Topic = "edgemx/outage/events", Payload = Encoding.ASCII.GetBytes($"event-{sent}"), Qos = MqttQos.AtLeastOnce,
                }, tag: sent).Outcome);
            }
        }

        Send(10);
        await witness.WaitForLinesAsync(10, TimeSpan.FromSeconds(10));
        await _broker.StopAsync();
        var outage = System.Diagnostics.Stopwatch.StartNew();
        while (outage.Elapsed < TimeSpan.FromSeconds(30))
        {
            Send(1); // events keep coming: one every 200 ms, 150 during the outage
            await Task.Delay(200);
        }
        var duringOutage = sent - 10;
        Assert.True(duringOutage > 100, $"only {duringOutage} events during the outage");
        Assert.True(client.Queue.Count >= duringOutage, $"queue holds {client.Queue.Count} of {duringOutage}");
        Assert.NotEmpty(client.Problems);
        await _broker.StartAgainAsync();
        Send(10);

        await ProcessRunner.WaitUntilAsync(() => client.Queue.Count == 0, TimeSpan.FromSeconds(30), "the queue to drain");
        await ProcessRunner.WaitUntilAsync(() => FirstSeen(witness.Lines).Count == sent, TimeSpan.FromSeconds(30),
            $"all {sent} events at mosquitto_sub");
        Assert.Equal(Enumerable.Range(1, sent).Select(i => $"event-{i}"), FirstSeen(witness.Lines));
        output.WriteLine($"{sent} events, {witness.Lines.Count - sent} re-deliveries (QoS 1 at-least-once)");
    }

    [Fact]
    public async Task A_client_killed_while_the_broker_is_down_delivers_its_queue_after_restart()
    {
        await using var witness = await MosquittoSubscriber.StartAsync(_broker, "edgemx/restarting/events", "restart-witness", "-c");
        await _broker.StopAsync();

        await using (var child = ChildProcess.Start("enqueue", _broker.Port.ToString(), _queueDir, "25"))
        {
            await child.WaitForLineAsync("QUEUED", TimeSpan.FromSeconds(30));
            await child.KillAsync(); // SIGKILL with 25 events queued and the broker still down
        }

        await _broker.StartAgainAsync();
        await using var restarted = TestClient.Create(_broker, "restarting", output, queueDirectory: _queueDir);
        Assert.Equal(25, restarted.Queue.Count);
        Assert.Equal(25, restarted.Queue.HighestTag);
        restarted.Client.Start();
        await witness.WaitForLinesAsync(25, TimeSpan.FromSeconds(20));
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"event-{i}"), FirstSeen(witness.Lines));
        await ProcessRunner.WaitUntilAsync(() => restarted.Queue.Count == 0, TimeSpan.FromSeconds(10), "the queue to drain");
    }

    /// <summary>Payloads in order of first arrival (QoS 1 may re-deliver what was in flight when the broker died).</summary>
    private static List<string> FirstSeen(IEnumerable<string> lines)
    {
        var seen = new HashSet<string>();
        return lines.Select(l => l[(l.IndexOf(' ') + 1)..]).Where(seen.Add).ToList();
    }
}
