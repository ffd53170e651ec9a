using System.Runtime.InteropServices;

namespace EdgeMx.Net.Interop;

/// <summary>Turns the errno of the last failed libc call into an exception that names the call.</summary>
internal static class Errno
{
    internal static int Last => Marshal.GetLastPInvokeError();

    internal static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    internal static NativeCallException Exception(string call, int? errno = null)
    {
        var e = errno ?? Last;
        return new NativeCallException(call, e);
    }

    internal static void ThrowIfFailed(int result, string call)
    {
        if (result < 0) throw Exception(call);
    }
}
