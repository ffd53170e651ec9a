using System.Collections.Immutable;
using EdgeMx.Core.Leds;
using EdgeMx.Core.State;
using EdgeMx.Hal.Leds;

namespace EdgeMx.Hal.Tests.Core;

/// <summary>The README's LED table, row by row.</summary>
public class LedStateMapperTests
{
    private static readonly LedStateMapper Pi = new([new("wan1", "eth0"), new("wan2", "eth1")]);

    private static ApplianceState State(params UplinkState[] uplinks) => new()
    {
        DeviceId = "t", FirmwareVersion = "0", Uplinks = [.. uplinks], Ready = true,
    };

    private static UplinkState Uplink(string name, string itf, LinkStatus link, UplinkRole role, MonitorStatus monitor) => new()
    {
        Name = name, Interface = itf, Link = link, Role = role, Monitor = monitor,
    };

    private static LedIndicatorState Led(ApplianceState s, string name, LedStateMapper? mapper = null) =>
        (mapper ?? Pi).Map(s).Single(l => l.Name == name);

    [Theory]
    [InlineData(LinkStatus.Down, UplinkRole.Active, MonitorStatus.Up, LedColour.Off, LedPattern.Solid, "no link")]
    [InlineData(LinkStatus.Absent, UplinkRole.Standby, MonitorStatus.Failed, LedColour.Off, LedPattern.Solid, "interface absent")]
    [InlineData(LinkStatus.Unknown, UplinkRole.Standby, MonitorStatus.Pending, LedColour.Off, LedPattern.Solid, "no link")]
    [InlineData(LinkStatus.Up, UplinkRole.Active, MonitorStatus.Up, LedColour.Green, LedPattern.Solid, "active uplink")]
    [InlineData(LinkStatus.Up, UplinkRole.Active, MonitorStatus.Pending, LedColour.Green, LedPattern.Solid, "checking")]
    [InlineData(LinkStatus.Up, UplinkRole.Standby, MonitorStatus.Up, LedColour.Amber, LedPattern.Solid, "standby, healthy")]
    [InlineData(LinkStatus.Up, UplinkRole.Active, MonitorStatus.Degraded, LedColour.Green, LedPattern.Blink, "degraded")]
    [InlineData(LinkStatus.Up, UplinkRole.Standby, MonitorStatus.Degraded, LedColour.Amber, LedPattern.Blink, "degraded")]
    [InlineData(LinkStatus.Up, UplinkRole.Standby, MonitorStatus.Failed, LedColour.Amber, LedPattern.Blink, "failing checks")]
    [InlineData(LinkStatus.Up, UplinkRole.Active, MonitorStatus.Failed, LedColour.Green, LedPattern.Blink, "failing checks")]
    public void Wan_port(LinkStatus link, UplinkRole role, MonitorStatus monitor, LedColour colour, LedPattern pattern, string reason)
    {
        var led = Led(State(Uplink("fiber", "eth0", link, role, monitor)), "wan1");
        Assert.Equal((colour, pattern), (led.Colour, led.Pattern));
        Assert.Contains(reason, led.Reason);
    }

    [Fact]
    public void Wan_leds_find_their_uplink_by_interface_then_name_then_position()
    {
        var byInterface = State(Uplink("lte", "eth1", LinkStatus.Up, UplinkRole.Standby, MonitorStatus.Up),
            Uplink("fiber", "eth0", LinkStatus.Up, UplinkRole.Active, MonitorStatus.Up));
        Assert.Equal(LedColour.Green, Led(byInterface, "wan1").Colour);
        Assert.Equal(LedColour.Amber, Led(byInterface, "wan2").Colour);

        var lab = State(Uplink("wan1", "wan1", LinkStatus.Up, UplinkRole.Active, MonitorStatus.Up),
            Uplink("wan2", "wan2", LinkStatus.Down, UplinkRole.Standby, MonitorStatus.Failed));
        Assert.Equal(LedColour.Green, Led(lab, "wan1", LedStateMapper.Default).Colour);
        Assert.Equal(LedColour.Off, Led(lab, "wan2", LedStateMapper.Default).Colour);

        var byPosition = State(Uplink("a", "enp1s0", LinkStatus.Up, UplinkRole.Standby, MonitorStatus.Up));
        Assert.Equal(LedColour.Amber, Led(byPosition, "wan1").Colour);
        Assert.Equal("no uplink on this port", Led(byPosition, "wan2").Reason);
    }

    [Theory]
    [InlineData(new bool[0], LedColour.Off, "no tunnels")]
    [InlineData(new[] { true, true }, LedColour.Green, "phase 1 and 2 up")]
    [InlineData(new[] { true, false }, LedColour.Amber, "phase 1 up, phase 2 down")]
    [InlineData(new[] { false, false }, LedColour.Red, "phase 1 and 2 down")]
    [InlineData(new[] { false, false, true, true }, LedColour.Green, "hub2: phase 1 and 2 up")] // the best tunnel decides
    [InlineData(new[] { true, false, false, false }, LedColour.Amber, "hub1")]
    public void Vpn_uses_seed_000_colours(bool[] phases, LedColour colour, string reason)
    {
        var tunnels = Enumerable.Range(0, phases.Length / 2)
            .Select(i => new TunnelState { Name = $"hub{i + 1}", Phase1Up = phases[2 * i], Phase2Up = phases[2 * i + 1] });
        var led = Led(State() with { Tunnels = [.. tunnels] }, "vpn");
        Assert.Equal((colour, LedPattern.Solid), (led.Colour, led.Pattern));
        Assert.Contains(reason, led.Reason);
    }

    [Fact]
    public void Dia_is_lit_while_direct_internet_access_is_active()
    {
        Assert.Equal(LedColour.Off, Led(State(), "dia").Colour);
        Assert.Equal(LedColour.Green, Led(State() with { DiaActive = true }, "dia").Colour);
    }

    [Fact]
    public void System_is_solid_while_starting_a_heartbeat_when_healthy_and_fast_red_on_a_fault()
    {
        Assert.Equal(LedState.Solid(LedColour.Green), Led(State() with { Ready = false }, "system").State);
        Assert.Equal(new LedState(LedColour.Green, LedPattern.Heartbeat), Led(State(), "system").State);
        var fault = Led(State() with
        {
            Ready = false,
            Faults = [new ApplianceFault { Source = "crypto", Message = "platform failed its self-test" }],
        }, "system");
        Assert.Equal(new LedState(LedColour.Red, LedPattern.FastBlink), fault.State);
        Assert.Contains("crypto: platform failed", fault.Reason);
    }

    [Fact]
    public void The_mapping_is_the_same_for_equal_snapshots_and_ignores_its_own_output()
    {
        var s = State(Uplink("fiber", "eth0", LinkStatus.Up, UplinkRole.Active, MonitorStatus.Up));
        var first = Pi.Map(s);
        Assert.True(first.SequenceEqual(Pi.Map(s with { Leds = first, Revision = 7 })));
        Assert.Equal(["wan1", "wan2", "vpn", "dia", "system"], first.Select(l => l.Name));
    }
}
