using System.Diagnostics;

namespace EdgeMx.Net.Tests.Lab;

/// <summary>Runs setup commands (ip, nginx, dnsmasq) for tests; product code never shells out.</summary>
public static class Shell
{
    public static string Run(string command, bool check = true, int timeoutMs = 20_000)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{command}' did not finish in {timeoutMs} ms");
        }
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"'{command}' exited {process.ExitCode}: {stderr.Result.Trim()} {stdout.Result.Trim()}");
        return stdout.Result;
    }

    /// <summary>Starts a long-running process (a server) and returns it; the caller kills it.</summary>
    public static Process Start(string command)
    {
        var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "exec " + command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
