using System.Diagnostics;

namespace EdgeMx.Lab.Tests;

/// <summary>
/// A long-running process in one of the lab's namespaces (`ip netns exec NS ...` - which execs, so our child is the
/// program itself): stdout and stderr go to a log file, it can be signalled (SIGTERM, SIGHUP, SIGKILL), and its exit
/// code is kept. Disposing it stops it (SIGTERM, then SIGKILL).
/// </summary>
public sealed class NamespaceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private NamespaceProcess(Process process, string logPath, string commandLine)
    {
        _process = process;
        LogPath = logPath;
        CommandLine = commandLine;
    }

    public int Pid => _process.Id;

    /// <summary>The file holding everything the process wrote to stdout and stderr.</summary>
    public string LogPath { get; }

    public string CommandLine { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process ended (128 + signal number when a signal ended it), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static NamespaceProcess Start(Lab lab, string node, IReadOnlyList<string> argv, string logPath,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true, // closed right away: the process reads EOF, never our terminal
        };
        // sh redirects into the log and execs `ip netns exec`, which execs the program: one pid all the way.
        foreach (var a in (string[])["-c", "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1", "sh", logPath, "ip", "netns", "exec", lab.Namespace(node), .. argv])
            start.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (key, value) in environment) start.Environment[key] = value;
        var commandLine = $"[{lab.Namespace(node)}] " + string.Join(' ', argv.Select(CommandRunner.Quote));
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {commandLine}");
        process.StandardInput.Close();
        return new NamespaceProcess(process, logPath, commandLine);
    }

    /// <summary>What the process has written so far.</summary>
    public string ReadLog()
    {
        if (!File.Exists(LogPath)) return "";
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>Sends a signal; false when the process has already exited.</summary>
    public bool Signal(int signal) => !_process.HasExited && Native.Signal(Pid, signal);

    /// <summary>SIGHUP (for the appliance: reload the configuration).</summary>
    public bool Hangup() => Signal(Native.SIGHUP);

    /// <summary>Waits for the process to end and returns its exit code; throws when it runs past the deadline.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var cts = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{CommandLine} still runs after {deadline.TotalSeconds:0.#} s");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then SIGKILL if it has not exited within <paramref name="grace"/> (default 10 s); returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? grace = null)
    {
        if (Signal(Native.SIGTERM))
        {
            try
            {
                return await WaitForExitAsync(grace ?? TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                return await KillAsync();
            }
        }
        return await WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGKILL; returns the exit code (137).</summary>
    public async Task<int> KillAsync()
    {
        Signal(Native.SIGKILL);
        return await WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits until the log contains <paramref name="text"/>; throws (with the log) if the process exits first or the deadline passes.</summary>
    public Task<TimeSpan> WaitForLogAsync(string text, TimeSpan deadline) =>
        Lab.WaitUntilAsync(() =>
        {
            if (ReadLog().Contains(text, StringComparison.Ordinal)) return true;
            if (HasExited)
                throw new InvalidOperationException($"{CommandLine} exited ({ExitCode}) before writing '{text}'. Its log:\n{ReadLog()}");
            return false;
        }, deadline, $"'{text}' in the log of {CommandLine}");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await StopAsync();
        _process.Dispose();
    }
}
