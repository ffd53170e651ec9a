using System.Runtime.InteropServices;

namespace EdgeMx.Net.Netlink;

/// <summary>
/// The kernel refused a netlink request (NLMSG_ERROR with a negative errno) or the socket failed. The message says
/// what was asked, the errno and, when the kernel gave one, its extended-ACK reason.
/// </summary>
public sealed class NetlinkException : IOException
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int ENODEV = 19;
    public const int EEXIST = 17;
    public const int EINVAL = 22;
    public const int ENETDOWN = 100;
    public const int ENETUNREACH = 101;
    public const int ENOBUFS = 105;
    public const int ETIMEDOUT = 110;
    public const int EADDRNOTAVAIL = 99;

    public NetlinkException(string operation, int errorNumber, string? kernelMessage = null, Exception? inner = null)
        : base(Compose(operation, errorNumber, kernelMessage), inner)
    {
        Operation = operation;
        ErrorNumber = errorNumber;
        KernelMessage = kernelMessage;
    }

    /// <summary>What was asked, e.g. "RTM_NEWROUTE (add 0.0.0.0/0 via 198.51.100.1 table 100)".</summary>
    public string Operation { get; }

    /// <summary>The positive errno (EEXIST, ENOENT, ...).</summary>
    public int ErrorNumber { get; }

    /// <summary>The kernel's extended-ACK message (NLMSGERR_ATTR_MSG), when it sent one.</summary>
    public string? KernelMessage { get; }

    public bool AlreadyExists => ErrorNumber == EEXIST;
    public bool NotFound => ErrorNumber is ENOENT or ESRCH or ENODEV or EADDRNOTAVAIL;

    /// <summary>The socket's receive queue overflowed and the kernel dropped notifications: state must be re-read.</summary>
    public bool IsOverrun => ErrorNumber == ENOBUFS;

    private static string Compose(string operation, int errorNumber, string? kernelMessage) =>
        $"{operation} failed: {Marshal.GetPInvokeErrorMessage(errorNumber)} (errno {errorNumber})"
        + (string.IsNullOrEmpty(kernelMessage) ? "" : $"; kernel says: {kernelMessage}");
}
