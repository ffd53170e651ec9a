using EdgeMx.Hal.Linux.Interop;

namespace EdgeMx.Hal.Linux.Gpio;

/// <summary>The real descriptor layer: libc through [LibraryImport].</summary>
public sealed class LinuxGpioDescriptors : IGpioDescriptors
{
    public static readonly LinuxGpioDescriptors Instance = new();

    public FileDescriptorHandle Open(string path)
    {
        var fd = Libc.Open(path, Libc.O_RDWR | Libc.O_CLOEXEC);
        if (fd < 0) throw LinuxErrorException.FromLastError("open", path);
        return new FileDescriptorHandle(fd);
    }

    public unsafe void Ioctl(FileDescriptorHandle fd, uint request, Span<byte> argument, string what)
    {
        var added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            fixed (byte* p = argument)
            {
                while (Libc.Ioctl(fd.Fd, request, p) < 0)
                {
                    var e = LinuxErrorException.FromLastError("ioctl", what);
                    if (e.Errno != Libc.EINTR) throw e;
                }
            }
        }
        finally
        {
            if (added) fd.DangerousRelease();
        }
    }

    public FileDescriptorHandle Adopt(int fd) => new(fd);

    public unsafe bool WaitReadable(FileDescriptorHandle fd, CancellationToken cancellation)
    {
        // poll(2) on the line fd and on a pipe that cancellation writes to: event-driven, no sampling.
        int* pipe = stackalloc int[2];
        if (Libc.Pipe2(pipe, Libc.O_CLOEXEC | Libc.O_NONBLOCK) != 0) throw LinuxErrorException.FromLastError("pipe2", "gpio wake-up");
        using var readEnd = new FileDescriptorHandle(pipe[0]);
        using var writeEnd = new FileDescriptorHandle(pipe[1]);
        var wakeFd = pipe[1];
        using var registration = cancellation.Register(() =>
        {
            byte b = 1;
            Libc.Write(wakeFd, &b, 1);
        });
        var added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            var fds = stackalloc Libc.PollFd[2];
            fds[0] = new Libc.PollFd { Fd = fd.Fd, Events = Libc.POLLIN };
            fds[1] = new Libc.PollFd { Fd = readEnd.Fd, Events = Libc.POLLIN };
            while (true)
            {
                if (cancellation.IsCancellationRequested) return false;
                var n = Libc.Poll(fds, 2, -1);
                if (n < 0)
                {
                    var e = LinuxErrorException.FromLastError("poll", "gpio line");
                    if (e.Errno == Libc.EINTR) continue;
                    throw e;
                }
                if ((fds[1].Revents & Libc.POLLIN) != 0) return false;
                if ((fds[0].Revents & (Libc.POLLERR | Libc.POLLHUP)) != 0)
                    throw new LinuxErrorException("poll", "gpio line (error/hang-up)", Libc.EINVAL);
                if ((fds[0].Revents & Libc.POLLIN) != 0) return true;
            }
        }
        finally
        {
            if (added) fd.DangerousRelease();
        }
    }

    public unsafe int Read(FileDescriptorHandle fd, Span<byte> buffer, string what)
    {
        var added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            fixed (byte* p = buffer)
            {
                while (true)
                {
                    var n = Libc.Read(fd.Fd, p, (nuint)buffer.Length);
                    if (n >= 0) return (int)n;
                    var e = LinuxErrorException.FromLastError("read", what);
                    if (e.Errno != Libc.EINTR) throw e;
                }
            }
        }
        finally
        {
            if (added) fd.DangerousRelease();
        }
    }
}
