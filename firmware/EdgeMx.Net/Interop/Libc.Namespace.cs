using System.Runtime.InteropServices;

namespace EdgeMx.Net.Interop;

internal static partial class Libc
{
    /// <summary>setns(2): moves the calling thread (network namespaces are per thread) into the namespace of fd.</summary>
    [LibraryImport(Library, EntryPoint = "setns", SetLastError = true)]
    internal static partial int SetNs(int fd, int nsType);

    /// <summary>unshare(2) with CLONE_NEWNET: gives the calling thread a fresh, empty network namespace.</summary>
    [LibraryImport(Library, EntryPoint = "unshare", SetLastError = true)]
    internal static partial int Unshare(int flags);
}
