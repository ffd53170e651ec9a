using EdgeMx.Appliance.Cli;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;

namespace EdgeMx.Appliance.Tests.Cli;

public sealed class ViewTests
{
    [Fact]
    public void An_event_line_reads_time_severity_category_type_message_and_check()
    {
        var e = new ApplianceEvent(3, new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero), EventSeverity.Warning, EventCategory.Uplink,
            "uplink.failover", "Failover: traffic moved from wan1 to wan2.", "Check wan1.", "wan2", null);
        var line = EventView.Format(e);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} warning  uplink       uplink\.failover: Failover: traffic moved from wan1 to wan2\. — check: Check wan1\.$", line);
    }

    [Fact]
    public void Status_shows_a_block_per_uplink_with_link_monitor_role_quality_counters_and_probes()
    {
        var now = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var state = new ApplianceState
        {
            DeviceId = "branch-1", FirmwareVersion = "0.1.0", StartedAt = now.AddMinutes(-3), ActiveUplink = "wan2", ActiveUplinkSince = now.AddSeconds(-42),
            Failovers = 1,
            Uplinks =
            [
                new UplinkState
                {
                    Name = "wan1", Interface = "eth0", Primary = true, Link = LinkStatus.Down, Monitor = MonitorStatus.Failed,
                    MonitorReason = "carrier lost (link down)", Role = UplinkRole.Standby, Address = "198.51.100.2/24", Gateway = "198.51.100.1",
                    Counters = new UplinkCounters { LinkDowns = 1, MonitorFailures = 1, ProbesSent = 30, ProbesFailed = 2, Activations = 1 },
                    Probes = [new ProbeStatus { Method = "icmp", Target = "203.0.113.100", LastSuccess = false, LastFailure = "timeout", Sent = 10, Failed = 2 }],
                },
                new UplinkState
                {
                    Name = "wan2", Interface = "eth1", Link = LinkStatus.Up, Monitor = MonitorStatus.Up, Role = UplinkRole.Active,
                    Address = "10.0.2.2/24", Gateway = "10.0.2.1", Addressing = "os", LatencyMs = 12.34, LossPercent = 0,
                },
            ],
        };
        var text = StatusView.Render(state, now);

        Assert.Contains("default route: via wan2 (10.0.2.1) for 42.0 s   failovers 1  failbacks 0", text);
        Assert.Contains("wan1 (eth0)  standby  primary", text);
        Assert.Contains("  link      DOWN (no carrier)", text);
        Assert.Contains("  monitor   FAILED: carrier lost (link down)", text);
        Assert.Contains("  counters  probes 30 sent / 2 failed   link downs 1   failures 1   activations 1", text);
        Assert.Contains("icmp   203.0.113.100  timeout", text);
        Assert.Contains("wan2 (eth1)  ACTIVE", text);
        Assert.Contains("  address   10.0.2.2/24 (os)   gateway 10.0.2.1", text);
        Assert.Contains("  quality   latency 12.3 ms   loss 0 %", text);
    }

    [Fact]
    public void Status_says_per_tunnel_whether_its_traffic_fails_closed()
    {
        var now = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var state = new ApplianceState
        {
            DeviceId = "branch-1", FirmwareVersion = "0.1.0", StartedAt = now,
            Tunnels =
            [
                new TunnelState { Name = "hub1", Guarded = true, Guard = new TunnelGuardState { FailClosed = true, Prefixes = ["10.1.0.0/24"], Route = "unreachable metric 1000000 proto 77" } },
                new TunnelState { Name = "hub2", Guard = new TunnelGuardState { FailClosed = false } },
                new TunnelState { Name = "hub3", Guard = new TunnelGuardState { FailClosed = true, Unguarded = ["10.3.0.0/24"], Error = "10.3.0.0/24: EPERM" } },
            ],
        };
        var text = StatusView.Render(state, now);
        Assert.Contains("  fail closed: 10.1.0.0/24 unreachable while down\n", text);
        Assert.Contains("  fail closed: off (failClosed false)", text);
        Assert.Contains("  fail closed: NOT guarded; not guarded: 10.3.0.0/24 (10.3.0.0/24: EPERM)\n", text);
    }

    [Fact]
    public void Status_shows_the_leds_as_the_panel_does_the_faults_and_the_crypto_provider()
    {
        var now = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var state = new ApplianceState
        {
            DeviceId = "branch-1", FirmwareVersion = "0.1.0", StartedAt = now,
            Leds =
            [
                new LedIndicatorState { Name = "wan1", Colour = Hal.Leds.LedColour.Green, Pattern = Hal.Leds.LedPattern.Solid },
                new LedIndicatorState { Name = "wan2", Colour = Hal.Leds.LedColour.Amber, Pattern = Hal.Leds.LedPattern.Blink },
                new LedIndicatorState { Name = "vpn", Colour = Hal.Leds.LedColour.Off },
                new LedIndicatorState { Name = "system", Colour = Hal.Leds.LedColour.Red, Pattern = Hal.Leds.LedPattern.FastBlink },
            ],
            Faults = [new ApplianceFault { Source = "crypto", Message = "crypto provider platform failed its self-test and is disabled" }],
            Crypto = new CryptoStatus { Provider = "managed", Reason = "managed: the preferred platform provider is not available", Cpu = "x64: aes, pmull" },
        };
        var text = StatusView.Render(state, now);

        Assert.Contains("LEDs  WAN1 ● green  WAN2 ◌ amber blink  VPN ○ off  SYSTEM ◌ red fastblink\n", text);
        Assert.Contains("  !! fault (crypto): crypto provider platform failed its self-test and is disabled\n", text);
        Assert.Contains("crypto managed: managed: the preferred platform provider is not available; cpu x64: aes, pmull; kernel ESP offload no", text);
        // the simulated panel renders the same line
        using var panel = new EdgeMx.Hal.Simulated.Leds.SimulatedLedPanel(["wan1", "wan2"]);
        panel.Show("wan1", Hal.Leds.LedState.Solid(Hal.Leds.LedColour.Green));
        panel.Show("wan2", new Hal.Leds.LedState(Hal.Leds.LedColour.Amber, Hal.Leds.LedPattern.Blink));
        Assert.Equal("WAN1 ● green  WAN2 ◌ amber blink", panel.Render());
    }
}
