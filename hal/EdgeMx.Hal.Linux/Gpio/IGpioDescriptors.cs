using EdgeMx.Hal.Linux.Interop;

namespace EdgeMx.Hal.Linux.Gpio;

/// <summary>
/// The file-descriptor layer under the GPIO code: open, ioctl, read, wait. The real one calls libc; tests use a fake
/// that records every call and plays the kernel's part, so request/set/release sequences are checked without hardware.
/// </summary>
public interface IGpioDescriptors
{
    FileDescriptorHandle Open(string path);

    /// <summary>ioctl with the struct in <paramref name="argument"/> (read and written in place). Throws
    /// <see cref="LinuxErrorException"/> on failure.</summary>
    void Ioctl(FileDescriptorHandle fd, uint request, Span<byte> argument, string what);

    /// <summary>Wraps a descriptor number the kernel returned inside a struct (a line request's fd).</summary>
    FileDescriptorHandle Adopt(int fd);

    /// <summary>Blocks until <paramref name="fd"/> is readable (true) or <paramref name="cancellation"/> fires (false).</summary>
    bool WaitReadable(FileDescriptorHandle fd, CancellationToken cancellation);

    /// <summary>read(2); returns bytes read.</summary>
    int Read(FileDescriptorHandle fd, Span<byte> buffer, string what);
}
