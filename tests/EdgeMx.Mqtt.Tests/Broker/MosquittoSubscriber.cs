using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeMx.Mqtt.Tests.Broker;

/// <summary>
/// mosquitto_sub as an independent witness: what it prints is what the broker really delivered, so our client is
/// never checked only against itself. Lines are "topic payload" (-v).
/// </summary>
public sealed class MosquittoSubscriber : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private MosquittoSubscriber(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is { } line) _lines.Enqueue(line); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) _errors.Enqueue(line); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <param name="clientId">Also the key to find its SUBACK in the broker log.</param>
    /// <param name="extra">More mosquitto_sub arguments (session, TLS, credentials).</param>
    public static async Task<MosquittoSubscriber> StartAsync(MosquittoBroker broker, string topic, string clientId, params string[] extra)
    {
        var marker = $"Sending SUBACK to {clientId}";
        var before = Count(broker.Log(), marker);
        var info = new ProcessStartInfo("mosquitto_sub") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", topic, "-v", "-q", "1", "-i", clientId }.Concat(extra))
            info.ArgumentList.Add(a);
        var subscriber = new MosquittoSubscriber(Process.Start(info)!);
        // mosquitto_sub prints nothing when subscribed; the broker's log says when it sent the SUBACK.
        await ProcessRunner.WaitUntilAsync(() => Count(broker.Log(), marker) > before, TimeSpan.FromSeconds(10),
            $"mosquitto_sub {clientId} to subscribe to {topic} (stderr: {string.Join(" | ", subscriber._errors)})");
        return subscriber;
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    public Task WaitForLinesAsync(int count, TimeSpan timeout) =>
        ProcessRunner.WaitUntilAsync(() => _lines.Count >= count, timeout,
            $"{count} lines from mosquitto_sub (got {_lines.Count}; stderr: {string.Join(" | ", _errors)})");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
