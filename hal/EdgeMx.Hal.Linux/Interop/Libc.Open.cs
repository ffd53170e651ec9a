using System.Runtime.InteropServices;

namespace EdgeMx.Hal.Linux.Interop;

internal static partial class Libc
{
    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);
}
