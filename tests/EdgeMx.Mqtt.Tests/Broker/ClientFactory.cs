using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Queue;
using EdgeMx.Mqtt.Transport;

namespace EdgeMx.Mqtt.Tests.Broker;

/// <summary>Our client pointed at a test broker, with fast reconnects so lab tests do not wait on back-off.</summary>
public sealed class TestClient : IAsyncDisposable
{
    public required MqttClient Client { get; init; }
    public required MqttOfflineQueue Queue { get; init; }
    public List<MqttApplicationMessage> Received { get; } = [];
    public List<MqttConnectionProblem> Problems { get; } = [];
    public int ConnectedCount;

    public static TestClient Create(MosquittoBroker broker, string clientId, ITestOutputHelper output,
        Func<MqttClientOptions, MqttClientOptions>? configure = null, string? queueDirectory = null,
        MqttProtocolVersion version = MqttProtocolVersion.V500, int port = 0)
    {
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port == 0 ? broker.Port : port,
            Security = broker.Options.Tls ? MqttTransportSecurity.Tls : MqttTransportSecurity.None,
            CaFile = broker.Certificates?.CaFile,
            ProtocolVersion = version,
            ClientId = clientId,
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaximumDelay = TimeSpan.FromSeconds(1),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        return Create(configure?.Invoke(options) ?? options, output, queueDirectory);
    }

    public static TestClient Create(MqttClientOptions options, ITestOutputHelper output, string? queueDirectory = null)
    {
        var queue = MqttOfflineQueue.Open(new MqttOfflineQueueOptions { Directory = queueDirectory, SyncWrites = false });
        var client = new MqttClient(options, queue, TimeProvider.System, new TestLogger<MqttClient>(output));
        var test = new TestClient { Client = client, Queue = queue };
        client.MessageReceived = (m, _) =>
        {
            lock (test.Received) test.Received.Add(m);
            return ValueTask.CompletedTask;
        };
        client.ConnectionProblem += p => { lock (test.Problems) test.Problems.Add(p); };
        client.Connected += _ => Interlocked.Increment(ref test.ConnectedCount);
        return test;
    }

    public IReadOnlyList<string> ReceivedPayloads()
    {
        lock (Received) return Received.Select(m => System.Text.Encoding.UTF8.GetString(m.Payload.Span)).ToList();
    }

    public MqttConnectionProblem? LastProblem()
    {
        lock (Problems) return Problems.LastOrDefault();
    }

    public Task WaitConnectedAsync(int times = 1) =>
        ProcessRunner.WaitUntilAsync(() => Volatile.Read(ref ConnectedCount) >= times && Client.State == MqttClientState.Connected,
            TimeSpan.FromSeconds(15), $"connection #{times} (last problem: {LastProblem()?.Message})");

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        Queue.Dispose();
    }
}
