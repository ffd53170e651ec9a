using EdgeMx.Core.Configuration;

namespace EdgeMx.Core.Tests.Configuration;

/// <summary>The secret-file check other sections (tunnel PSKs, broker passwords) rely on.</summary>
public sealed class SecretFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemx-secret-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private IReadOnlyList<ConfigProblem> Check(string file)
    {
        var context = new ConfigCheckContext(_dir, interfaces: null);
        context.CheckSecretFile("$.tunnels[0].pskFile", file);
        return context.Problems;
    }

    private string Write(string name, string content, UnixFileMode mode)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public void A_root_only_file_passes_and_relative_paths_resolve_against_the_config()
    {
        Write("hub1.psk", "s3cret", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Empty(Check("hub1.psk"));
    }

    [Fact]
    public void A_world_readable_secret_is_an_error_that_says_how_to_fix_it()
    {
        var path = Write("hub1.psk", "s3cret", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var p = Assert.Single(Check(path));
        Assert.Equal("$.tunnels[0].pskFile", p.Path);
        Assert.Contains($"chmod 600 {path}", p.Message);
    }

    [Fact]
    public void A_group_readable_secret_is_an_error() =>
        Assert.Single(Check(Write("g.psk", "x", UnixFileMode.UserRead | UnixFileMode.GroupRead)));

    [Theory]
    [InlineData("missing.psk", "does not exist")]
    [InlineData("", "is a directory")]
    public void Missing_or_wrong_kind_of_file(string name, string message) =>
        Assert.Contains(message, Assert.Single(Check(Path.Combine(_dir, name))).Message);

    [Fact]
    public void An_empty_or_huge_file_is_not_a_secret()
    {
        Assert.Contains("is empty", Assert.Single(Check(Write("e.psk", "", UnixFileMode.UserRead))).Message);
        Assert.Contains("bytes; at most", Assert.Single(Check(Write("h.psk", new string('k', 70_000), UnixFileMode.UserRead))).Message);
    }
}
