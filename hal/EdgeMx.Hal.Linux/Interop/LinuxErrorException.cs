using System.Runtime.InteropServices;

namespace EdgeMx.Hal.Linux.Interop;

/// <summary>A failed system call: which operation, on what, and the errno (with its text).</summary>
public sealed class LinuxErrorException : IOException
{
    public LinuxErrorException(string operation, string target, int errno)
        : base($"{operation} {target}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
    {
        Operation = operation;
        Target = target;
        Errno = errno;
    }

    public string Operation { get; }
    public string Target { get; }
    public int Errno { get; }

    /// <summary>The errno of the last [LibraryImport] call with SetLastError.</summary>
    internal static LinuxErrorException FromLastError(string operation, string target) =>
        new(operation, target, Marshal.GetLastPInvokeError());
}
