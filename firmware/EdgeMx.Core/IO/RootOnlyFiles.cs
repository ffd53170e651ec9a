namespace EdgeMx.Core.IO;

/// <summary>
/// Files and directories only their owner (root on the appliance) may read: the event journal, the control socket's
/// directory, secrets. Modes are set at creation, so there is no window in which the file is world-readable.
/// </summary>
public static class RootOnlyFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Open options that create the file 0600.</summary>
    public static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share = FileShare.Read)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        return options;
    }

    /// <summary>Creates <paramref name="directory"/> 0700 if missing (parents as the umask says); an existing one is left alone.</summary>
    public static void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, DirectoryMode);
    }

    /// <summary>Forces 0700 on a directory the appliance owns (the control socket's).</summary>
    public static void RestrictDirectory(string directory)
    {
        EnsureDirectory(directory);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(directory, DirectoryMode);
    }

    /// <summary>Forces 0600 on a file the appliance owns.</summary>
    public static void RestrictFile(string file)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, FileMode);
    }

    /// <summary>True when group or others may read <paramref name="file"/> (a secret that leaks to other users).</summary>
    public static bool IsReadableByOthers(string file)
    {
        if (OperatingSystem.IsWindows()) return false;
        var mode = File.GetUnixFileMode(file);
        return (mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;
    }
}
