using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using EdgeMx.Hal.Leds;
using EdgeMx.Testing;
using static EdgeMx.Hal.Leds.LedColour;
using static EdgeMx.Hal.Leds.LedPattern;

namespace EdgeMx.Lab.Tests.Leds;

/// <summary>
/// The LEDs of the real appliance in the lab (board "lab": simulated panel written to a state file) follow its
/// state: per WAN off = no link, green = active, amber = standby, blinking = failing checks; the system LED beats
/// while healthy and blinks red fast on a fault. These run without tunnels (the VPN LED is off: nothing configured);
/// the VPN LED's colours through a real tunnel to strongSwan are <see cref="VpnLedTests"/>.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LedPanelTests(LabFixture fixture)
{
    // Monitoring in lab.json: 1 s rounds, 3 failures/recoveries to change, failback hold 15 s. The margins are for a
    // loaded 2-core CI machine; every wait returns as soon as the panel shows the state.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan Carrier = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Checks = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Failback = TimeSpan.FromSeconds(60);

    private Lab Lab => fixture.Lab;

    [Fact]
    public async Task Wan_and_system_leds_follow_carrier_loss_failover_failing_checks_and_failback()
    {
        Root.Require();
        await using var app = await LedAppliance.StartAsync(Lab, withoutTunnels: true);

        await app.WaitForPanelAsync(Settle, "steady: wan1 active, wan2 standby, system heartbeat",
            ("wan1", Green, Solid), ("wan2", Amber, Solid), ("system", Green, Heartbeat), ("vpn", Off, Solid), ("dia", Off, Solid));
        var status = await app.StatusAsync();
        Assert.Equal("wan1", status.ActiveUplink);
        // status --json carries the same LEDs as the panel, with the reasons
        var panel = app.ReadPanel()!;
        foreach (var led in status.Leds) Assert.Equal(led.State, panel[led.Name]);
        // and the terminal view (`edgemx status`, the demo's `status --watch`) renders the same LEDs as one line
        var line = "LEDs  " + LedLine.Render(status.Leds.Select(l => (l.Name, panel[l.Name])));
        Assert.Contains("WAN1 ● green  WAN2 ● amber", line);
        Assert.Contains(line, await app.StatusTextAsync());
        Assert.Equal("platform", status.Crypto?.Provider);
        Assert.All(status.Crypto!.Providers, p => Assert.True(p.SelfTestPassed, $"{p.Name}: {string.Join("; ", p.Failures)}"));

        // standby fails its checks while its link stays up: amber blinking, then solid again when it recovers
        try
        {
            await Lab.BlackholeAsync(Wan.Wan2);
            await app.WaitForPanelAsync(Checks, "wan2 amber blinking (standby failing checks)", ("wan2", Amber, Blink), ("wan1", Green, Solid));
        }
        finally
        {
            await Lab.UnblackholeAsync(Wan.Wan2);
        }
        await app.WaitForPanelAsync(Checks, "wan2 amber solid again", ("wan2", Amber, Solid));

        // cable pull on the active port: its LED goes off and the standby takes over (green)
        try
        {
            await Lab.LinkDownAsync(Wan.Wan1);
            await app.WaitForPanelAsync(Carrier, "wan1 off, wan2 green after failover", ("wan1", Off, Solid), ("wan2", Green, Solid));
            Assert.Equal("wan2", (await app.StatusAsync()).ActiveUplink);
            Assert.Equal(new LedState(Green, Heartbeat), app.ReadPanel()!["system"]);
        }
        finally
        {
            await Lab.LinkUpAsync(Wan.Wan1);
        }

        // carrier back: wan1 is standby (amber) during the failback hold, then active (green) again
        await app.WaitForPanelAsync(Carrier, "wan1 amber (standby during the failback hold)", ("wan1", Amber, Solid), ("wan2", Green, Solid));
        await app.WaitForPanelAsync(Failback, "wan1 green again after failback", ("wan1", Green, Solid), ("wan2", Amber, Solid));

        // cable pull on the standby port: only its LED goes off
        try
        {
            await Lab.LinkDownAsync(Wan.Wan2);
            await app.WaitForPanelAsync(Carrier, "wan2 off", ("wan2", Off, Solid), ("wan1", Green, Solid));
        }
        finally
        {
            await Lab.LinkUpAsync(Wan.Wan2);
        }
        await app.WaitForPanelAsync(Checks, "wan2 amber again", ("wan2", Amber, Solid));
    }

    [Fact]
    public async Task A_provider_that_fails_its_start_up_self_test_is_disabled_raises_a_fault_event_and_the_fault_led()
    {
        Root.Require();
        await using var app = await LedAppliance.StartAsync(Lab,
            new Dictionary<string, string> { ["EDGEMX_CRYPTO_FAULT_INJECT"] = "platform:aes-gcm-16" });

        await app.WaitForPanelAsync(Settle, "system LED red fast blink", ("system", Red, FastBlink));
        var status = await app.StatusAsync();
        var crypto = status.Crypto ?? throw new InvalidOperationException("no crypto status");
        // fail closed: the broken platform provider is not used; the managed one passed and carries IKE/ESP
        Assert.Equal("managed", crypto.Provider);
        var platform = Assert.Single(crypto.Providers, p => p.Name == "platform");
        Assert.False(platform.SelfTestPassed);
        Assert.Contains(platform.Failures, f => f.StartsWith("aes-gcm-16", StringComparison.Ordinal));
        Assert.True(Assert.Single(crypto.Providers, p => p.Name == "managed").SelfTestPassed);
        var fault = Assert.Single(status.Faults, f => f.Source == "crypto");
        Assert.Contains("platform", fault.Message);
        var led = Assert.Single(status.Leds, l => l.Name == "system");
        Assert.Contains("fault: crypto", led.Reason);

        var events = await app.EventsAsync();
        var failed = Assert.Single(events, e => e.Type == "system.crypto.self-test-failed");
        Assert.Equal(EventSeverity.Critical, failed.Severity);
        Assert.Contains("platform", failed.Message);
        Assert.Contains(events, e => e.Type == "system.crypto.selected" && e.Message.Contains("managed"));
    }
}
