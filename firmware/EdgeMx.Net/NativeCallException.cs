using System.Runtime.InteropServices;

namespace EdgeMx.Net;

/// <summary>A libc call failed; <see cref="ErrorNumber"/> is the errno it left.</summary>
public sealed class NativeCallException(string call, int errorNumber)
    : IOException($"{call} failed: {Marshal.GetPInvokeErrorMessage(errorNumber)} (errno {errorNumber})")
{
    public string Call { get; } = call;
    public int ErrorNumber { get; } = errorNumber;
}
