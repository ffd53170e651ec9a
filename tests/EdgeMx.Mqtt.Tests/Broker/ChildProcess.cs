using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeMx.Mqtt.Tests.Broker;

/// <summary>This test assembly started as a separate process (see ChildProgram) that a test can SIGKILL.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is { } line) _lines.Enqueue(line); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) _lines.Enqueue("stderr: " + line); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static ChildProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(typeof(EdgeMx.Mqtt.Tests.ChildProgram).Assembly.Location);
        foreach (var a in args) info.ArgumentList.Add(a);
        return new ChildProcess(Process.Start(info)!);
    }

    public Task WaitForLineAsync(string line, TimeSpan timeout) =>
        ProcessRunner.WaitUntilAsync(() => _lines.Contains(line) || _process.HasExited, timeout, $"the child to print {line}")
            .ContinueWith(t =>
            {
                t.GetAwaiter().GetResult();
                if (!_lines.Contains(line)) throw new InvalidOperationException($"child exited without {line}: {string.Join(" | ", _lines)}");
            });

    /// <summary>SIGKILL: no DISCONNECT, no flush, no finally blocks — like pulling the power.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }
}
