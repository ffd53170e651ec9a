using System.Runtime.InteropServices;

namespace EdgeMx.Hal.Linux.Interop;

internal static partial class Libc
{
    public const int AF_NETLINK = 16;
    public const int SOCK_RAW = 3;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int NETLINK_XFRM = 6;

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "send", SetLastError = true)]
    public static unsafe partial nint Send(int fd, void* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "recv", SetLastError = true)]
    public static unsafe partial nint Recv(int fd, void* buffer, nuint length, int flags);
}
