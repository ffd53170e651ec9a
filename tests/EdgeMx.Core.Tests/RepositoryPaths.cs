namespace EdgeMx.Core.Tests;

/// <summary>Finds files of the repository (example configs, schemas) from the test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Find();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "EdgeMx.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root (EdgeMx.sln) not found above " + AppContext.BaseDirectory);
    }
}
