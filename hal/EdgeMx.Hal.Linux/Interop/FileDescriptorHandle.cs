using System.Runtime.InteropServices;

namespace EdgeMx.Hal.Linux.Interop;

/// <summary>One open file descriptor (a GPIO chip, a line request, a netlink socket). close(2) runs exactly once.</summary>
public sealed class FileDescriptorHandle : SafeHandle
{
    private readonly Action<int>? _close;

    /// <param name="close">How to close it; null = close(2). Fakes of the descriptor layer pass their own.</param>
    public FileDescriptorHandle(int fd, Action<int>? close = null) : base(new IntPtr(-1), ownsHandle: true)
    {
        _close = close;
        SetHandle(new IntPtr(fd));
    }

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The raw descriptor number; only valid while the handle is not disposed.</summary>
    public int Fd => (int)handle.ToInt64();

    protected override bool ReleaseHandle()
    {
        if (_close is not null)
        {
            _close(Fd);
            return true;
        }
        return Libc.Close(Fd) == 0;
    }
}
