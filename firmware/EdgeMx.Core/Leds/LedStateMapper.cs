using System.Collections.Immutable;
using EdgeMx.Core.State;
using EdgeMx.Hal.Leds;

namespace EdgeMx.Core.Leds;

/// <summary>
/// The LED semantics, as a pure function of the appliance snapshot (README table "LEDs and the hardware abstraction
/// layer"). Every consumer — the panel, `status --json`, MQTT — sees the result of this one mapping.
/// <list type="bullet">
/// <item>WAN port: off = no link; green = active uplink; amber = standby and healthy; blinking (green if active,
/// amber if standby) = degraded or failing its checks.</item>
/// <item>VPN (seed 000's VPN status colours): green = phase 1 and 2 up; amber = phase 1 up, phase 2 down; red = both
/// down; off = no tunnels configured. With several tunnels the best one decides.</item>
/// <item>DIA: green while Direct Internet Access carries the VPN destinations, off otherwise.</item>
/// <item>System: solid green while starting, heartbeat while healthy, fast red blink on a fault.</item>
/// </list>
/// A WAN LED finds its uplink by interface first (board port ↔ uplink interface), then by name ("wan1"), then by
/// position, so the lab (interfaces named wan1/wan2) and a Pi (eth0/eth1) both work.
/// </summary>
public sealed class LedStateMapper(IReadOnlyList<WanPortBinding> ports)
{
    public static readonly LedStateMapper Default = new([new(LedIndicators.Wan1, "wan1"), new(LedIndicators.Wan2, "wan2")]);

    public IReadOnlyList<WanPortBinding> Ports { get; } = ports;

    public ImmutableArray<LedIndicatorState> Map(ApplianceState state)
    {
        var leds = ImmutableArray.CreateBuilder<LedIndicatorState>(Ports.Count + 3);
        for (var i = 0; i < Ports.Count; i++)
            leds.Add(Wan(Ports[i].Indicator, FindUplink(state, Ports[i], i)));
        leds.Add(Vpn(state));
        leds.Add(Dia(state));
        leds.Add(System(state));
        return leds.MoveToImmutable();
    }

    private UplinkState? FindUplink(ApplianceState state, WanPortBinding port, int position) =>
        state.Uplinks.FirstOrDefault(u => u.Interface == port.Interface)
        ?? state.Uplinks.FirstOrDefault(u => u.Name == port.Indicator)
        // By position only when no uplink claims this port by interface or name.
        ?? (position < state.Uplinks.Length && !Ports.Any(p => p.Interface == state.Uplinks[position].Interface || p.Indicator == state.Uplinks[position].Name)
            ? state.Uplinks[position]
            : null);

    private static LedIndicatorState Wan(string name, UplinkState? uplink)
    {
        if (uplink is null) return Led(name, LedColour.Off, LedPattern.Solid, "no uplink on this port");
        if (uplink.Link != LinkStatus.Up)
            return Led(name, LedColour.Off, LedPattern.Solid, uplink.Link == LinkStatus.Absent ? "no link (interface absent)" : "no link");
        var active = uplink.Role == UplinkRole.Active;
        var colour = active ? LedColour.Green : LedColour.Amber;
        return uplink.Monitor switch
        {
            MonitorStatus.Failed => Led(name, colour, LedPattern.Blink, (active ? "active" : "standby") + ", failing checks"),
            MonitorStatus.Degraded => Led(name, colour, LedPattern.Blink, (active ? "active" : "standby") + ", degraded"),
            MonitorStatus.Pending => Led(name, colour, LedPattern.Solid, (active ? "active uplink" : "standby") + ", checking"),
            _ => Led(name, colour, LedPattern.Solid, active ? "active uplink" : "standby, healthy"),
        };
    }

    private static LedIndicatorState Vpn(ApplianceState state)
    {
        if (state.Tunnels.IsEmpty) return Led(LedIndicators.Vpn, LedColour.Off, LedPattern.Solid, "no tunnels configured");
        if (state.Tunnels.FirstOrDefault(t => t.Phase1Up && t.Phase2Up) is { } up)
            return Led(LedIndicators.Vpn, LedColour.Green, LedPattern.Solid, $"{up.Name}: phase 1 and 2 up");
        if (state.Tunnels.FirstOrDefault(t => t.Phase1Up) is { } half)
            return Led(LedIndicators.Vpn, LedColour.Amber, LedPattern.Solid, $"{half.Name}: phase 1 up, phase 2 down");
        return Led(LedIndicators.Vpn, LedColour.Red, LedPattern.Solid, "phase 1 and 2 down");
    }

    private static LedIndicatorState Dia(ApplianceState state) => state.DiaActive
        ? Led(LedIndicators.Dia, LedColour.Green, LedPattern.Solid, "direct internet access active")
        : Led(LedIndicators.Dia, LedColour.Off, LedPattern.Solid, "not active");

    private static LedIndicatorState System(ApplianceState state)
    {
        if (!state.Faults.IsEmpty)
            return Led(LedIndicators.System, LedColour.Red, LedPattern.FastBlink,
                "fault: " + string.Join("; ", state.Faults.Select(f => $"{f.Source}: {f.Message}")));
        return state.Ready
            ? Led(LedIndicators.System, LedColour.Green, LedPattern.Heartbeat, "healthy")
            : Led(LedIndicators.System, LedColour.Green, LedPattern.Solid, "starting");
    }

    private static LedIndicatorState Led(string name, LedColour colour, LedPattern pattern, string reason) =>
        new() { Name = name, Colour = colour, Pattern = pattern, Reason = reason };
}
