using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Smoke;

/// <summary>lab.sh health N ok|503|hang switches the hub's private /health endpoint.</summary>
[Collection(LabCollection.Name)]
public sealed class HealthEndpointTests(LabFixture fixture)
{
    private Lab Lab => fixture.Lab;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Health_answers_200_503_or_hangs_as_switched(int hubNumber)
    {
        Root.Require();
        var hub = Hub.FromNumber(hubNumber);
        var curl = $"curl -s -o /dev/null -m 2 -w '%{{http_code}} %{{time_connect}}' http://{hub.HealthAddress}/health";
        try
        {
            Assert.Equal("200", await StatusAsync(curl, hub));

            await Lab.SetHealthAsync(hub, HealthMode.Unavailable);
            Assert.Equal("503", await StatusAsync(curl, hub));
            await Lab.SetHealthAsync(hub, HealthMode.Unavailable); // idempotent
            Assert.Equal("503", await StatusAsync(curl, hub));

            await Lab.SetHealthAsync(hub, HealthMode.Hang);
            var hang = await Lab.RunAsync(hub.Node, curl);
            Assert.Equal(28, hang.ExitCode); // curl: operation timed out (not 7, connection refused)
            var parts = hang.StdOut.Split(' ');
            Assert.Equal("000", parts[0]);
            Assert.True(double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) > 0, $"the TCP connection was not accepted: {hang}");

            // the other hub is unaffected
            var other = Hub.FromNumber(3 - hubNumber);
            Assert.Equal("200", await StatusAsync($"curl -s -o /dev/null -m 2 -w '%{{http_code}}' http://{other.HealthAddress}/health", other));

            await Lab.SetHealthAsync(hub, HealthMode.Ok);
            Assert.Equal("200", await StatusAsync(curl, hub));
        }
        finally
        {
            await Lab.SetHealthAsync(hub, HealthMode.Ok);
        }
    }

    private async Task<string> StatusAsync(string curl, Hub hub) =>
        (await Lab.RunAsync(hub.Node, curl)).EnsureSuccess().StdOut.Split(' ')[0];
}
