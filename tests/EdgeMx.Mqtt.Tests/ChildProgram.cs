using System.Text;
using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Queue;
using EdgeMx.Mqtt.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Mqtt.Tests;

/// <summary>
/// The test assembly run as a program (<c>dotnet EdgeMx.Mqtt.Tests.dll MODE ...</c>): a separate process the tests
/// can SIGKILL, as a power cut or a crash would end the appliance.
/// <list type="bullet">
/// <item><c>will PORT CLIENT-ID VERSION</c>: connect with a retained Will "offline" on edgemx/CLIENT-ID/availability,
/// publish "online" there, print ONLINE, then wait to be killed.</item>
/// <item><c>enqueue PORT QUEUE-DIR COUNT</c>: with the broker down, enqueue COUNT durable messages, print QUEUED,
/// then wait to be killed.</item>
/// </list>
/// </summary>
public static class ChildProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0) return 0;
        switch (args[0])
        {
            case "will": return await WillAsync(int.Parse(args[1]), args[2], Enum.Parse<MqttProtocolVersion>(args[3]));
            case "enqueue": return await EnqueueAsync(int.Parse(args[1]), args[2], int.Parse(args[3]));
            default: Console.Error.WriteLine($"unknown mode {args[0]}"); return 2;
        }
    }

    private static async Task<int> WillAsync(int port, string clientId, MqttProtocolVersion version)
    {
        var availability = $"edgemx/{clientId}/availability";
        using var queue = MqttOfflineQueue.Open(new MqttOfflineQueueOptions());
        var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1", Port = port, Security = MqttTransportSecurity.None, ClientId = clientId, ProtocolVersion = version,
            Will = new MqttWill { Topic = availability, Payload = "offline"u8.ToArray(), Qos = MqttQos.AtLeastOnce, Retain = true },
        }, queue, TimeProvider.System, NullLogger<MqttClient>.Instance);
        var online = new TaskCompletionSource();
        client.Connected += _ => online.TrySetResult();
        client.Start();
        await online.Task;
        var result = await client.PublishAsync(new MqttApplicationMessage
        {
            Topic = availability, Payload = "online"u8.ToArray(), Qos = MqttQos.AtLeastOnce, Retain = true,
        });
        Console.WriteLine(result.Succeeded ? "ONLINE" : $"FAILED {result}");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private static async Task<int> EnqueueAsync(int port, string queueDirectory, int count)
    {
        using var queue = MqttOfflineQueue.Open(new MqttOfflineQueueOptions { Directory = queueDirectory });
        var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1", Port = port, Security = MqttTransportSecurity.None, ClientId = "restarting",
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(100), ReconnectMaximumDelay = TimeSpan.FromMilliseconds(500),
        }, queue, TimeProvider.System, NullLogger<MqttClient>.Instance);
        client.Start();
        for (var i = 1; i <= count; i++)
        {
            client.Enqueue(new MqttApplicationMessage
            {
                Topic = "edgemx/restarting/events", Payload = Encoding.ASCII.GetBytes($"event-{i}"), Qos = MqttQos.AtLeastOnce,
            }, tag: i);
        }
        Console.WriteLine("QUEUED");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
