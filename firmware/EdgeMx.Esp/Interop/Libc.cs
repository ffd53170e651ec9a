using System.Runtime.InteropServices;

namespace EdgeMx.Esp.Interop;

/// <summary>
/// The libc calls the data plane needs that the BCL does not offer (raw sockets of an arbitrary protocol, sendmsg
/// with UDP segmentation offload).
/// </summary>
internal static partial class Libc
{
    private const string Library = "libc";
    internal const int SOCK_RAW = 3;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int SOL_UDP = 17;
    internal const int UDP_SEGMENT = 103; // linux/udp.h: generic segmentation offload size (Linux 4.18+)
    internal const int MSG_NOSIGNAL = 0x4000;
    internal const int EINTR = 4;
    internal const int EIO = 5;
    internal const int EAGAIN = 11;
    internal const int EINVAL = 22;
    internal const int EMSGSIZE = 90;
    internal const int ENOPROTOOPT = 92;
    internal const int EOPNOTSUPP = 95;
    internal const int ENOBUFS = 105;

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVec
    {
        public nint Base;
        public nuint Length;
    }

    /// <summary>struct msghdr (natural alignment, so the same declaration fits 32- and 64-bit ABIs).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MsgHdr
    {
        public nint Name;
        public uint NameLength;
        public nint Iov;
        public nuint IovLength;
        public nint Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct cmsghdr; its data follows at CMSG_ALIGN(sizeof(cmsghdr)).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct CmsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary>CMSG_ALIGN: control messages are aligned to sizeof(size_t).</summary>
    internal static int CmsgAlign(int length) => (length + nint.Size - 1) & ~(nint.Size - 1);

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "sendmsg", SetLastError = true)]
    internal static unsafe partial nint SendMsg(int fd, MsgHdr* message, int flags);

    /// <summary>An exception naming the failed call and its errno (the BCL's own text for it).</summary>
    internal static System.ComponentModel.Win32Exception Error(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new System.ComponentModel.Win32Exception(errno, $"{call}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}
