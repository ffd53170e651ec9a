using System.Diagnostics;

namespace EdgeMx.Lab.Tests;

/// <summary>Runs one command to completion with a timeout, capturing stdout and stderr.</summary>
internal static class CommandRunner
{
    // A background process the command started may keep our pipes open after the command itself exited; we then
    // return what was read so far instead of waiting for that process to end.
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);

    public static async Task<ProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (key, value) in environment) start.Environment[key] = value;
        var commandLine = string.Join(' ', new[] { fileName }.Concat(arguments).Select(Quote));

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {commandLine}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return new ProcessResult(commandLine, timedOut ? -1 : process.ExitCode,
            await Drain(stdout), await Drain(stderr), timedOut);
    }

    private static async Task<string> Drain(Task<string> read)
    {
        if (await Task.WhenAny(read, Task.Delay(DrainLimit)) == read) return await read;
        return "(output still held open by a background process)";
    }

    internal static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./=:@%+,".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''") + "'";
}
