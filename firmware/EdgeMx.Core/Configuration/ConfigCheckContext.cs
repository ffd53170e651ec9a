using EdgeMx.Core.IO;

namespace EdgeMx.Core.Configuration;

/// <summary>What semantic checks can see and where they report.</summary>
public sealed class ConfigCheckContext(string baseDirectory, IInterfaceInventory? interfaces)
{
    /// <summary>Largest secret file accepted: PSKs and passwords are short; a huge file is a mistake.</summary>
    public const int MaxSecretFileBytes = 64 * 1024;

    private readonly List<ConfigProblem> _problems = [];
    private IReadOnlyCollection<string>? _interfaceNames;

    /// <summary>Relative file paths in the document are relative to the document's directory.</summary>
    public string BaseDirectory { get; } = baseDirectory;

    /// <summary>Null when the check runs away from the appliance (no interface checks then).</summary>
    public IInterfaceInventory? Interfaces { get; } = interfaces;

    public IReadOnlyList<ConfigProblem> Problems => _problems;

    public void Error(string path, string message) =>
        _problems.Add(new ConfigProblem(path, message) { Source = "semantic" });

    public void Warning(string path, string message) =>
        _problems.Add(new ConfigProblem(path, message) { Source = "semantic", Severity = ConfigProblemSeverity.Warning });

    public string ResolvePath(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));

    /// <summary>Reports an interface that does not exist in this network namespace (listing those that do).</summary>
    public void CheckInterfaceExists(string path, string name)
    {
        if (Interfaces is null || name.Length == 0) return;
        _interfaceNames ??= Interfaces.Names;
        if (!_interfaceNames.Contains(name))
            Error(path, $"interface \"{name}\" does not exist on this system (present: {string.Join(", ", _interfaceNames)})");
    }

    /// <summary>
    /// A file holding a secret (PSK, password, private key): it must exist, be a regular readable file of sane size,
    /// and be readable by its owner only, since anyone who can read it can impersonate the appliance.
    /// </summary>
    public void CheckSecretFile(string path, string file)
    {
        var full = ResolvePath(file);
        FileInfo info;
        try
        {
            info = new FileInfo(full);
            if (Directory.Exists(full))
            {
                Error(path, $"secret file {full} is a directory");
                return;
            }
            // Opening a FIFO blocks until a writer comes; a device is not a secret (and /dev/zero never ends).
            if (FileKinds.Of(full) is not (FileKind.Regular or FileKind.Missing) and var kind)
            {
                Error(path, $"secret file {full} is {FileKinds.Describe(kind)}, not a regular file");
                return;
            }
            if (!info.Exists)
            {
                Error(path, $"secret file {full} does not exist");
                return;
            }
            if (info.Length == 0)
            {
                Error(path, $"secret file {full} is empty");
                return;
            }
            if (info.Length > MaxSecretFileBytes)
            {
                Error(path, $"secret file {full} is {info.Length} bytes; at most {MaxSecretFileBytes} expected");
                return;
            }
            using (File.OpenRead(full)) { }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Error(path, $"secret file {full} cannot be read: {ex.Message}");
            return;
        }
        if (RootOnlyFiles.IsReadableByOthers(full))
            Error(path, $"secret file {full} is readable by group or others; make it root-only: chmod 600 {full}");
    }
}
