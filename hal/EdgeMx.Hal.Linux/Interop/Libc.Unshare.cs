using System.Runtime.InteropServices;

namespace EdgeMx.Hal.Linux.Interop;

internal static partial class Libc
{
    public const int CLONE_NEWNET = 0x40000000;

    /// <summary>unshare(2). With CLONE_NEWNET it moves only the calling thread into a new network namespace.</summary>
    [LibraryImport(Library, EntryPoint = "unshare", SetLastError = true)]
    public static partial int Unshare(int flags);
}
