namespace EdgeMx.Lab.Tests;

/// <summary>A lab command (lab.sh, or a command run in a lab namespace) failed; the message holds its output.</summary>
public sealed class LabCommandException(ProcessResult result) : Exception(result.ToString())
{
    public ProcessResult Result { get; } = result;
}
