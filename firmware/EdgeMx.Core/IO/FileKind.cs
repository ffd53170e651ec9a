using System.Runtime.InteropServices;

namespace EdgeMx.Core.IO;

/// <summary>What a path names, by the file type bits of statx(2) (following symlinks).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Symlink,
    Unknown,
}

/// <summary>
/// The file type of a path. .NET's FileInfo cannot tell a regular file from a FIFO or a device (both report
/// "Normal", length 0), yet opening a FIFO blocks until a writer comes and reading /dev/zero never ends — so every
/// file an operator names (configuration, board profile, secrets, certificates) is checked with this before it is
/// opened. statx is used rather than stat because its struct has one layout on every architecture (x86-64 and
/// arm64 differ for struct stat).
/// </summary>
public static partial class FileKinds
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x0001;
    private const int StatxSize = 256;   // sizeof(struct statx), include/uapi/linux/stat.h
    private const int StatxModeOffset = 28; // __u16 stx_mode, after mask, blksize, attributes, nlink, uid, gid

    public static FileKind Of(string path)
    {
        if (!OperatingSystem.IsLinux()) return File.Exists(path) ? FileKind.Regular : Directory.Exists(path) ? FileKind.Directory : FileKind.Missing;
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, 0, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
            return FileKind.Missing; // ENOENT, or a path we cannot even look at (the open that follows says why)
        var mode = BitConverter.ToUInt16(buffer[StatxModeOffset..]);
        return (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            0xA000 => FileKind.Symlink,
            _ => FileKind.Unknown,
        };
    }

    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "does not exist",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "not a regular file",
    };

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref byte buffer);
}
