using System.Security.Cryptography;

namespace EdgeMx.Lab.Tests.Telemetry;

/// <summary>
/// A dashboard: <c>mosquitto_sub</c> (the reference client, not ours) in $P-svc on the lab broker's loopback, QoS 1,
/// printing every message as one "topic payload" line into its log. Loopback, so a gate on the broker's outside
/// port (<see cref="BrokerGate"/>) lets this subscriber in before the appliance.
/// </summary>
public sealed class LabSubscriber : IAsyncDisposable
{
    private readonly NamespaceProcess _process;
    private readonly string[] _prefixes;

    private LabSubscriber(NamespaceProcess process, string[] prefixes)
    {
        _process = process;
        _prefixes = prefixes;
    }

    /// <summary>Starts it and waits until the broker acknowledged the subscription.</summary>
    public static async Task<LabSubscriber> StartAsync(Lab lab, params string[] filters)
    {
        var id = "lt-sub-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var log = Path.Combine(RepoPaths.LogDir(lab.Prefix), $"{id}.log");
        // stdbuf: line-buffered stdout, so each message is in the log as it arrives (not when a 4 KiB buffer fills)
        string[] argv = ["stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", "1883", "-i", id, "-q", "1", "-d", "-v", .. filters.SelectMany(f => new[] { "-t", f })];
        var process = NamespaceProcess.Start(lab, "svc", argv, log);
        var subscriber = new LabSubscriber(process, filters.Select(f => f.TrimEnd('#', '+')).ToArray());
        try
        {
            await process.WaitForLogAsync("received SUBACK", TimeSpan.FromSeconds(20));
        }
        catch
        {
            await subscriber.DisposeAsync();
            throw;
        }
        return subscriber;
    }

    /// <summary>Every message so far, in arrival order.</summary>
    public IReadOnlyList<(string Topic, string Payload)> Messages()
    {
        var list = new List<(string, string)>();
        foreach (var line in _process.ReadLog().Split('\n'))
        {
            if (!_prefixes.Any(p => line.StartsWith(p, StringComparison.Ordinal))) continue; // -d chatter
            var space = line.IndexOf(' ');
            list.Add(space < 0 ? (line, "") : (line[..space], line[(space + 1)..]));
        }
        return list;
    }

    public IEnumerable<string> On(string topic) => Messages().Where(m => m.Topic == topic).Select(m => m.Payload);

    /// <summary>Waits for a message on <paramref name="topic"/> matching <paramref name="match"/> and returns it.</summary>
    public async Task<string> WaitForAsync(string topic, Func<string, bool> match, TimeSpan deadline, string what)
    {
        string? found = null;
        try
        {
            await Lab.WaitUntilAsync(() => (found = On(topic).FirstOrDefault(match)) is not null, deadline, what, TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- what {topic} carried\n{string.Join('\n', On(topic).TakeLast(20))}", e);
        }
        return found!;
    }

    public int Count(string topic) => On(topic).Count();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
