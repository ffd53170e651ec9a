using System.Diagnostics;

namespace EdgeMx.Esp.Tests.Namespaces;

/// <summary>Runs a shell command and returns its output; throws with the output when it fails (unless told not to).</summary>
internal static class Shell
{
    public static string Run(string command, bool check = true, int timeoutSeconds = 60)
    {
        var info = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish in {timeoutSeconds} s");
        }
        var output = stdout.Result + stderr.Result;
        if (check && process.ExitCode != 0) throw new InvalidOperationException($"`{command}` failed ({process.ExitCode}): {output}");
        return output;
    }
}
