using System.Runtime.InteropServices;

namespace EdgeMx.Lab.Tests;

internal static partial class Native
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Sends a signal; false when the process no longer exists (ESRCH).</summary>
    public static bool Signal(int pid, int signal)
    {
        if (Kill(pid, signal) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == 3) return false; // ESRCH
        throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
    }
}
