namespace EdgeMx.Hal.Linux.Interop;

/// <summary>
/// The libc calls the HAL needs, one file per function (`Libc.Open.cs`, `Libc.Ioctl.cs`, ...), all through
/// <c>[LibraryImport]</c> with <c>SetLastError</c> so errno survives; <see cref="LinuxErrorException"/> turns a failure
/// into one exception type that names the operation, the path and the errno.
/// </summary>
internal static partial class Libc
{
    public const string Library = "libc";

    // fcntl.h (identical on x86-64 and arm64)
    public const int O_RDONLY = 0x0;
    public const int O_RDWR = 0x2;
    public const int O_CLOEXEC = 0x80000;
    public const int O_NONBLOCK = 0x800;

    // errno.h
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EBUSY = 16;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;
    public const int EPROTONOSUPPORT = 93;
    public const int EAFNOSUPPORT = 97;
}
