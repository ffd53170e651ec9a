using System.Runtime.InteropServices;

namespace EdgeMx.Esp.Interop;

/// <summary>The libc calls the data plane needs that the BCL does not offer (raw sockets of an arbitrary protocol).</summary>
internal static partial class Libc
{
    private const string Library = "libc";
    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    /// <summary>An exception naming the failed call and its errno (the BCL's own text for it).</summary>
    internal static System.ComponentModel.Win32Exception Error(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new System.ComponentModel.Win32Exception(errno, $"{call}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}
