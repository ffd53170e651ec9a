using EdgeMx.Appliance.Cli;

namespace EdgeMx.Appliance.Tests.Cli;

public sealed class ArgumentsTests
{
    private static Arguments Parse(params string[] args) => Arguments.Parse(args, ["since", "socket"], ["json", "follow"]);

    [Fact]
    public void Options_flags_and_positionals()
    {
        var a = Parse("validate", "--since", "10m", "--json", "--socket=/tmp/x.sock", "file.json");
        Assert.Equal(["validate", "file.json"], a.Positional);
        Assert.Equal("10m", a.Value("since"));
        Assert.Equal("/tmp/x.sock", a.Value("socket"));
        Assert.True(a.Flag("json"));
        Assert.False(a.Flag("follow"));
    }

    [Theory]
    [InlineData("--colour", "unknown option --colour")]
    [InlineData("--since", "--since needs a value")]
    [InlineData("--json=yes", "--json takes no value")]
    public void Mistakes_are_usage_errors(string arg, string message) =>
        Assert.Equal(message, Assert.Throws<UsageException>(() => Parse(arg)).Message);
}
