using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Smoke;

/// <summary>The break/mend commands do to the appliance's surroundings what they say.</summary>
[Collection(LabCollection.Name)]
public sealed class BreakMendTests(LabFixture fixture)
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(3);

    // A running hub answers within milliseconds; the margin is for a loaded CI machine (the probe returns at the answer).
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(5);

    private Lab Lab => fixture.Lab;

    private async Task<string> LinkFlagsAsync(Wan wan) =>
        (await Lab.RunAsync("app", $"ip -o link show dev {wan.Name}")).EnsureSuccess().StdOut;

    private static bool HasCarrier(string flags) => flags.Contains("LOWER_UP") && !flags.Contains("NO-CARRIER");

    [Theory]
    [InlineData("wan1")]
    [InlineData("wan2")]
    public async Task Link_down_shows_no_carrier_on_the_appliance_port_and_link_up_restores_it(string wanName)
    {
        Root.Require();
        var wan = Wan.Parse(wanName);
        Assert.True(HasCarrier(await LinkFlagsAsync(wan)));
        try
        {
            await Lab.LinkDownAsync(wan);
            await Lab.WaitUntilAsync(async () => (await LinkFlagsAsync(wan)).Contains("NO-CARRIER"), Quick, $"NO-CARRIER on {wan}");
            // the port itself stays administratively up: only the carrier is gone
            Assert.Contains(",UP", await LinkFlagsAsync(wan));
            var other = wan == Wan.Wan1 ? Wan.Wan2 : Wan.Wan1;
            Assert.True(HasCarrier(await LinkFlagsAsync(other)));
        }
        finally
        {
            await Lab.LinkUpAsync(wan);
        }
        await Lab.WaitUntilAsync(async () => HasCarrier(await LinkFlagsAsync(wan)), Quick, $"carrier back on {wan}");
        (await Lab.RunAsync("app", $"ping -c 1 -W 2 {wan.Gateway}")).EnsureSuccess();
    }

    [Theory]
    [InlineData("wan1")]
    [InlineData("wan2")]
    public async Task Blackhole_drops_the_path_while_the_link_stays_up(string wanName)
    {
        Root.Require();
        var wan = Wan.Parse(wanName);
        var route = $"203.0.113.100/32 via {wan.Gateway} dev {wan.Name}";
        (await Lab.RunAsync("app", $"ip route replace {route}")).EnsureSuccess();
        try
        {
            (await Lab.RunAsync("app", $"ping -c 1 -W 2 {wan.Gateway}")).EnsureSuccess();
            (await Lab.RunAsync("app", "ping -c 1 -W 2 203.0.113.100")).EnsureSuccess();

            await Lab.BlackholeAsync(wan);
            await Lab.BlackholeAsync(wan); // idempotent
            var gateway = await Lab.RunAsync("app", $"ping -c 2 -i 0.2 -W 1 {wan.Gateway}");
            Assert.False(gateway.Succeeded, $"the gateway still answers: {gateway}");
            var beyond = await Lab.RunAsync("app", "ping -c 2 -i 0.2 -W 1 203.0.113.100");
            Assert.False(beyond.Succeeded, $"the internet is still reachable: {beyond}");
            Assert.True(HasCarrier(await LinkFlagsAsync(wan)), "a black hole must not take the link down");
        }
        finally
        {
            await Lab.UnblackholeAsync(wan);
            await Lab.RunAsync("app", $"ip route del {route}");
        }
        (await Lab.RunAsync("app", $"ping -c 1 -W 2 {wan.Gateway}")).EnsureSuccess();
        await Lab.UnblackholeAsync(wan); // idempotent
    }

    [Fact]
    public async Task Flap_toggles_the_carrier_until_unflap()
    {
        Root.Require();
        var wan = Wan.Wan1;
        try
        {
            await Lab.FlapAsync(wan, TimeSpan.FromMilliseconds(300));
            await Lab.WaitUntilAsync(async () => (await LinkFlagsAsync(wan)).Contains("NO-CARRIER"), Quick, "the carrier to drop");
            await Lab.WaitUntilAsync(async () => HasCarrier(await LinkFlagsAsync(wan)), Quick, "the carrier to return");
            await Lab.WaitUntilAsync(async () => (await LinkFlagsAsync(wan)).Contains("NO-CARRIER"), Quick, "the carrier to drop again");
        }
        finally
        {
            await Lab.UnflapAsync(wan);
        }
        Assert.True(HasCarrier(await LinkFlagsAsync(wan)));
        // the flap loop is gone from the ISP namespace: nothing runs there any more
        var left = await Lab.PidsAsync(wan.Isp);
        Assert.True(left.Count == 0, $"processes left in {Lab.Namespace(wan.Isp)}: {string.Join(' ', left)}");
        Assert.DoesNotContain("flapping", (await Lab.ScriptAsync("status")).StdOut);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Hub_stop_leaves_ike_unanswered_and_hub_start_answers_again(int hubNumber)
    {
        Root.Require();
        var hub = Hub.FromNumber(hubNumber);
        Assert.True(await IkeProbe.AnswersAsync(Lab, "isp1", hub.PublicAddress, 500, Answer), $"a running hub must answer IKE_SA_INIT:\n{Lab.HubLogTail(hub)}");
        try
        {
            await Lab.HubStopAsync(hub);
            Assert.False(await IkeProbe.AnswersAsync(Lab, "isp1", hub.PublicAddress, 500, TimeSpan.FromSeconds(1)), "a stopped hub answered on 500");
            Assert.False(await IkeProbe.AnswersAsync(Lab, "isp1", hub.PublicAddress, 4500, TimeSpan.FromSeconds(1)), "a stopped hub answered on 4500");
            // a second `up` does not mend a break
            await Lab.UpAgainAsync();
            Assert.False(await IkeProbe.AnswersAsync(Lab, "isp1", hub.PublicAddress, 500, TimeSpan.FromSeconds(1)), "up restarted a stopped hub");
            var other = Hub.FromNumber(3 - hubNumber);
            Assert.True(await IkeProbe.AnswersAsync(Lab, "isp1", other.PublicAddress, 500, Answer), $"the other hub must keep running:\n{Lab.HubLogTail(other)}");
        }
        finally
        {
            await Lab.HubStartAsync(hub);
        }
        Assert.True(await IkeProbe.AnswersAsync(Lab, "isp1", hub.PublicAddress, 500, Answer), $"hub-start: no IKE answer:\n{Lab.HubLogTail(hub)}");
        Assert.True(await IkeProbe.AnswersAsync(Lab, "isp1", hub.PublicAddress, 4500, Answer), $"hub-start: no IKE answer on 4500:\n{Lab.HubLogTail(hub)}");
        var conns = (await Lab.SwanctlAsync(hub, "--list-conns")).EnsureSuccess().StdOut;
        Assert.Contains("spokes:", conns);
    }
}
