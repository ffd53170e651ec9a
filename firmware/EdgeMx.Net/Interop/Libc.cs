using System.Runtime.InteropServices;

namespace EdgeMx.Net.Interop;

/// <summary>
/// The libc entry points EdgeMx.Net needs, one partial file per family of calls. Every import sets the last error so
/// <see cref="Errno"/> can turn a failure into an exception that names the call and the errno.
/// </summary>
internal static partial class Libc
{
    internal const string Library = "libc";

    // Values shared by x86_64 and arm64 Linux (asm-generic); the tests compare them with the C headers.
    internal const int AF_NETLINK = 16;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int SOCK_NONBLOCK = 0x800;
    internal const int O_RDWR = 2;
    internal const int O_RDONLY = 0;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;
    internal const int CLONE_NEWNET = 0x40000000;
    internal const short POLLIN = 0x001;
    internal const short POLLOUT = 0x004;

    internal const int EINTR = 4;
    internal const int EAGAIN = 11;
    internal const int ENOBUFS = 105;
    internal const int ETIMEDOUT = 110;

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
