using System.Diagnostics;
using EdgeMx.Core.Board;
using EdgeMx.Core.Configuration;
using EdgeMx.Core.IO;

namespace EdgeMx.Core.Tests.IO;

/// <summary>
/// Files an operator names (configuration, board profile, secrets, certificates) that are not regular files: a FIFO
/// would block the open for ever, /dev/zero would be read until memory runs out (it reports length 0). Each is
/// refused at once, with what it is, by the validator the appliance also runs on reload and for the control socket's
/// validate request. Every test has a deadline: a hang is a failure, not a stuck test run.
/// </summary>
public sealed class OperatorFileTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemx-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Fifo(string name)
    {
        var path = Path.Combine(_dir, name);
        using var mkfifo = Process.Start("mkfifo", path);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    private static T Within<T>(Func<T> work)
    {
        var task = Task.Run(work);
        Assert.True(task.Wait(Deadline), "hung on a file that is not a regular file");
        return task.Result;
    }

    [Fact]
    public void File_kinds_are_told_apart()
    {
        var regular = Path.Combine(_dir, "a.json");
        File.WriteAllText(regular, "{}");
        var link = Path.Combine(_dir, "link.json");
        File.CreateSymbolicLink(link, regular);
        Assert.Equal(FileKind.Regular, FileKinds.Of(regular));
        Assert.Equal(FileKind.Regular, FileKinds.Of(link)); // symlinks are followed
        Assert.Equal(FileKind.Directory, FileKinds.Of(_dir));
        Assert.Equal(FileKind.Fifo, FileKinds.Of(Fifo("pipe")));
        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/zero"));
        Assert.Equal(FileKind.Missing, FileKinds.Of(Path.Combine(_dir, "nope")));
    }

    [Fact]
    public void A_bounded_read_stops_at_its_bound_even_when_the_length_is_a_lie()
    {
        // /proc files report length 0 and are regular: they must be read to their end, and no further than allowed.
        Assert.NotEmpty(BoundedFile.ReadAllBytes("/proc/self/status", 1 << 20));
        Assert.Contains("larger than 16 bytes", Assert.Throws<IOException>(() => BoundedFile.ReadAllBytes("/proc/self/status", 16)).Message);
        Assert.Contains("character device", Assert.Throws<IOException>(() => BoundedFile.ReadAllBytes("/dev/zero", 1 << 20)).Message);
        var exact = Path.Combine(_dir, "exact");
        File.WriteAllBytes(exact, new byte[5000]);
        Assert.Equal(5000, BoundedFile.ReadAllBytes(exact, 5000).Length);
        Assert.Throws<IOException>(() => BoundedFile.ReadAllBytes(exact, 4999));
    }

    [Theory]
    [InlineData("/dev/zero", "is a character device, not a configuration file")]
    [InlineData("fifo", "is a FIFO (named pipe), not a configuration file")]
    public void A_configuration_that_is_a_device_or_a_fifo_is_refused_at_once(string file, string message)
    {
        var path = file == "fifo" ? Fifo("edgemx.json") : file;
        var result = Within(() => ConfigLoader.CreateDefault(interfaces: null).LoadFile(path));
        Assert.False(result.IsValid);
        Assert.Contains(message, Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void A_board_profile_a_secret_and_a_ca_file_that_are_not_regular_files_are_each_reported_at_their_path()
    {
        var fifo = Fifo("ca.pem");
        var result = Within(() => ConfigLoader.CreateDefault(interfaces: null).LoadText($$"""
            {
              "device": { "id": "b" },
              "board": "/dev/zero.json",
              "uplinks": [ { "name": "wan1", "interface": "eth0", "addressing": { "mode": "os" } } ],
              "telemetry": { "broker": { "host": "mqtt.example.net", "caFile": "{{fifo}}" }, "username": "u", "passwordFile": "/dev/zero" }
            }
            """, "test.json", _dir));
        var report = result.Format();
        Assert.Contains(result.Problems, p => p.Path == "$.telemetry.broker.caFile" && p.Message.Contains("is a FIFO (named pipe), not a regular file"));
        Assert.Contains(result.Problems, p => p.Path == "$.telemetry.passwordFile" && p.Message.Contains("is a character device, not a regular file"));
        Assert.Contains(result.Problems, p => p.Path == "$.board");

        // The board loader itself, given a device behind a .json name (a symlink), refuses without reading it.
        var zero = Path.Combine(_dir, "zero.json");
        File.CreateSymbolicLink(zero, "/dev/zero");
        var board = Within(() => BoardProfileLoader.CreateDefault().Load("zero.json", _dir));
        Assert.Null(board.Profile);
        Assert.Contains("is a character device, not a board profile", board.Format());
        Assert.False(string.IsNullOrEmpty(report));
    }
}
