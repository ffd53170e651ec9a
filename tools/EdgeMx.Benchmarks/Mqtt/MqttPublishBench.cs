using System.Diagnostics;
using EdgeMx.Mqtt;
using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Queue;
using EdgeMx.Mqtt.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Benchmarks.Mqtt;

/// <summary>
/// Our MQTT client as a publisher for tools/bench/mqtt.sh (compared there with <c>mosquitto_pub -l</c> on the same
/// broker; the script times both at the subscriber):
/// <c>EdgeMx.Benchmarks mqtt-publish HOST PORT TOPIC COUNT SIZE QOS volatile|durable [QUEUE-DIR]</c>.
/// volatile: <see cref="MqttClient.PublishAsync"/> with up to 128 outstanding (the API a retained state/metrics
/// publish uses); durable: <see cref="MqttClient.Enqueue"/> through the persistent offline queue, fsync per record
/// (the path every event takes), finished when the queue is empty (every message acknowledged).
/// </summary>
public static class MqttPublishBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 8)
        {
            Console.Error.WriteLine("usage: mqtt-publish HOST PORT TOPIC COUNT SIZE QOS volatile|durable [QUEUE-DIR]");
            return 2;
        }
        var (host, port, topic, count, size, qos, mode) = (args[1], int.Parse(args[2]), args[3], int.Parse(args[4]), int.Parse(args[5]),
            (MqttQos)int.Parse(args[6]), args[7]);
        var durable = mode == "durable";
        using var queue = MqttOfflineQueue.Open(new MqttOfflineQueueOptions
        {
            Directory = durable ? args.ElementAtOrDefault(8) ?? throw new ArgumentException("durable needs a QUEUE-DIR") : null,
            MaxMessages = Math.Max(count, 10_000),
            MaxBytes = Math.Max((long)count * (size + topic.Length + 64), 8L << 20),
        });
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = host, Port = port, Security = MqttTransportSecurity.None, ClientId = $"bench-{Environment.ProcessId}",
            ProtocolVersion = MqttProtocolVersion.V500, CleanStart = true,
        }, queue, TimeProvider.System, NullLogger<MqttClient>.Instance);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connected += _ => connected.TrySetResult();
        client.Start();
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var payload = new byte[size];
        Array.Fill(payload, (byte)'x');
        var stopwatch = Stopwatch.StartNew();
        var failed = 0;
        if (durable)
        {
            for (var i = 0; i < count; i++)
                if (client.Enqueue(new MqttApplicationMessage { Topic = topic, Payload = payload, Qos = qos }, tag: i + 1).Outcome != MqttPublishOutcome.Queued)
                    failed++;
            while (queue.Count > 0) await Task.Delay(1);
        }
        else
        {
            var window = new Queue<ValueTask<MqttPublishResult>>();
            for (var i = 0; i < count; i++)
            {
                if (window.Count == 128 && !(await window.Dequeue()).Succeeded) failed++;
                window.Enqueue(client.PublishAsync(new MqttApplicationMessage { Topic = topic, Payload = payload, Qos = qos }));
            }
            while (window.Count > 0)
                if (!(await window.Dequeue()).Succeeded) failed++;
        }
        stopwatch.Stop();
        Console.WriteLine($"published {count - failed} of {count} in {stopwatch.Elapsed.TotalSeconds:0.000} s");
        await client.StopAsync();
        return failed == 0 ? 0 : 1;
    }
}
