namespace EdgeMx.Lab.Tests;

/// <summary>What a finished command did: its exit code and everything it printed.</summary>
/// <param name="Command">The command line, for messages.</param>
/// <param name="ExitCode">The exit code; -1 when the command was killed for running past its timeout.</param>
/// <param name="TimedOut">True when the command was killed for running past its timeout.</param>
public sealed record ProcessResult(string Command, int ExitCode, string StdOut, string StdErr, bool TimedOut)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>Returns this result, or throws with the command's full output when it failed or timed out.</summary>
    public ProcessResult EnsureSuccess()
    {
        if (!Succeeded) throw new LabCommandException(this);
        return this;
    }

    public override string ToString() =>
        $"{Command}: {(TimedOut ? "timed out" : $"exit {ExitCode}")}\n--- stdout\n{StdOut.TrimEnd()}\n--- stderr\n{StdErr.TrimEnd()}";
}
