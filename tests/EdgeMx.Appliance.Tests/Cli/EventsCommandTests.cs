using EdgeMx.Appliance.Cli;

namespace EdgeMx.Appliance.Tests.Cli;

public sealed class EventsCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("10m", 600)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("1.5h", 5400)]
    public void Since_accepts_durations(string text, int seconds) =>
        Assert.Equal(Now - TimeSpan.FromSeconds(seconds), EventsCommand.ParseSince(text, Now));

    [Fact]
    public void Since_accepts_iso_times() =>
        Assert.Equal(new DateTimeOffset(2026, 4, 30, 10, 0, 0, TimeSpan.Zero), EventsCommand.ParseSince("2026-04-30T10:00:00Z", Now));

    [Theory]
    [InlineData("10x")]
    [InlineData("yesterday")]
    public void Since_refuses_the_rest(string text) =>
        Assert.Throws<UsageException>(() => EventsCommand.ParseSince(text, Now));
}
