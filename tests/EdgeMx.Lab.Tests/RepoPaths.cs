namespace EdgeMx.Lab.Tests;

/// <summary>Where the repository (and so tools/lab/lab.sh) is, seen from the test output directory.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootDir = new(FindRoot);

    public static string Root => RootDir.Value;

    /// <summary>tools/lab/lab.sh, or EDGEMX_LAB_SCRIPT when set.</summary>
    public static string LabScript =>
        Environment.GetEnvironmentVariable("EDGEMX_LAB_SCRIPT") is { Length: > 0 } script
            ? script
            : Path.Combine(Root, "tools", "lab", "lab.sh");

    /// <summary>Logs of processes run by lab tests (kept after the lab is torn down, for post-mortems).</summary>
    public static string LogDir(string prefix) => Path.Combine(Root, "artifacts", "lab-logs", prefix);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EdgeMx.sln")) && File.Exists(Path.Combine(dir.FullName, "tools", "lab", "lab.sh")))
                return dir.FullName;
        throw new InvalidOperationException($"cannot find the repository root (EdgeMx.sln, tools/lab/lab.sh) above {AppContext.BaseDirectory}");
    }
}
