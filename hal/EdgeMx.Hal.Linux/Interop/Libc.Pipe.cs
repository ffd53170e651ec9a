using System.Runtime.InteropServices;

namespace EdgeMx.Hal.Linux.Interop;

internal static partial class Libc
{
    /// <summary>pipe2(2): a wake-up channel so a thread blocked in poll(2) can be stopped without closing the fd
    /// it is polling.</summary>
    [LibraryImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    public static unsafe partial int Pipe2(int* fds, int flags);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, void* buffer, nuint count);
}
