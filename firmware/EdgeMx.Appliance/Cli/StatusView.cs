using System.Globalization;
using System.Text;
using EdgeMx.Core.State;
using EdgeMx.Core.Text;
using EdgeMx.Hal.Leds;

namespace EdgeMx.Appliance.Cli;

/// <summary>`edgemx status` for people: a header (active path, LEDs, faults, crypto), then one block per uplink (link,
/// monitor, role, addressing, quality, counters, and a table of its probes), the data plane and the tunnels.</summary>
public static class StatusView
{
    public static string Render(ApplianceState s, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"EdgeMx {s.FirmwareVersion}  device {s.DeviceId}  up {Durations.Format(now - s.StartedAt)}");
        if (s.Config is { } c) sb.Append(CultureInfo.InvariantCulture, $"  config {c.File} (#{c.Generation}, sha256 {c.Sha256[..Math.Min(12, c.Sha256.Length)]})");
        sb.Append('\n');
        var active = s.Uplinks.FirstOrDefault(u => u.Name == s.ActiveUplink);
        sb.Append(s.ActiveUplink is null
            ? "default route: NONE (no usable uplink)"
            : $"default route: via {s.ActiveUplink}{(active?.Gateway is { } gw ? $" ({gw})" : "")}"
              + (s.ActiveUplinkSince is { } since ? $" for {Durations.Format(now - since)}" : ""));
        sb.Append(CultureInfo.InvariantCulture, $"   failovers {s.Failovers}  failbacks {s.Failbacks}\n");
        if (active is not null && active.Monitor == MonitorStatus.Failed)
            sb.Append("  !! the active uplink is failed and no other is usable: the branch is probably offline\n");
        // The LEDs as the panel shows them (they follow this same snapshot), the faults behind a red system LED, and
        // the crypto provider IKE and ESP run on.
        if (!s.Leds.IsEmpty) sb.Append("LEDs  ").Append(LedLine.Render(s.Leds.Select(l => (l.Name, l.State)))).Append('\n');
        foreach (var f in s.Faults) sb.Append(CultureInfo.InvariantCulture, $"  !! fault ({f.Source}): {f.Message}\n");
        if (s.Crypto is { } crypto)
            sb.Append(CultureInfo.InvariantCulture, $"crypto {crypto.Provider ?? "NONE"}: {crypto.Reason}; cpu {crypto.Cpu}; kernel ESP offload {(crypto.KernelEspOffload ? "yes" : "no")}\n");

        foreach (var u in s.Uplinks)
        {
            sb.Append('\n');
            sb.Append(CultureInfo.InvariantCulture, $"{u.Name} ({u.Interface})  {(u.Role == UplinkRole.Active ? "ACTIVE" : "standby")}{(u.Primary ? "  primary" : "")}\n");
            sb.Append(CultureInfo.InvariantCulture, $"  link      {Word(u.Link)}{Since(u.LinkSince, now)}{(u.OperState is { } op && op != "up" && op != Word(u.Link) ? $"  (operstate {op})" : "")}\n");
            sb.Append(CultureInfo.InvariantCulture, $"  monitor   {Word(u.Monitor)}{Since(u.MonitorSince, now)}{(u.MonitorReason is { } r ? $": {r}" : "")}\n");
            sb.Append(CultureInfo.InvariantCulture, $"  address   {u.Address ?? "-"} ({u.Addressing})   gateway {u.Gateway ?? "-"}\n");
            sb.Append(CultureInfo.InvariantCulture, $"  quality   latency {Ms(u.LatencyMs)}   loss {(u.LossPercent is { } l ? l.ToString("0.#", CultureInfo.InvariantCulture) + " %" : "-")}\n");
            var k = u.Counters;
            sb.Append(CultureInfo.InvariantCulture,
                $"  counters  probes {k.ProbesSent} sent / {k.ProbesFailed} failed   link downs {k.LinkDowns}   failures {k.MonitorFailures}   activations {k.Activations}\n");
            if (u.Probes.Length > 0)
            {
                var table = new TextTable("PROBE", "TARGET", "LAST", "RTT", "SENT", "FAILED", "AT");
                foreach (var p in u.Probes)
                {
                    table.Add(p.Method, p.Target,
                        p.LastSuccess switch { true => "ok", false => p.LastFailure ?? "failed", null => "-" },
                        Ms(p.LastRttMs), p.Sent.ToString(CultureInfo.InvariantCulture), p.Failed.ToString(CultureInfo.InvariantCulture),
                        p.LastAt is { } at ? at.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "-");
                }
                sb.Append(table.Render("  "));
            }
        }
        if (s.DataPlane is { } d) RenderDataPlane(sb, d);
        TunnelView.Render(sb, s);
        return sb.ToString();
    }

    /// <summary>The data plane block: backend, totals, drops by reason, and one `swanctl --list-sas`-like line pair per CHILD_SA.</summary>
    private static void RenderDataPlane(StringBuilder sb, DataPlaneState d)
    {
        sb.Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"ESP data plane  {d.Backend}{(d.Device is { } dev ? $" ({dev})" : "")}  {(d.Running ? "running" : "idle")}: {d.BackendReason}\n");
        if (d.Error is { } error) sb.Append(CultureInfo.InvariantCulture, $"  !! {error}\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"  traffic   in {d.BytesIn} bytes / {d.PacketsIn} packets   out {d.BytesOut} bytes / {d.PacketsOut} packets   icmp errors {d.IcmpErrorsSent}   mss clamped {d.MssClamped}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  drops     {(d.Drops.IsEmpty ? "none" : string.Join("  ", d.Drops.Select(p => $"{p.Key} {p.Value}")))}\n");
        foreach (var c in d.ChildSas)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"  {c.Connection}/{c.Child} #{c.UniqueId}  {c.State}  {c.Suite}  {c.Encapsulation}  {c.LocalEndpoint} <=> {c.RemoteEndpoint}  mtu {c.TunnelMtu}  {c.Lifetime}\n");
            sb.Append(CultureInfo.InvariantCulture,
                $"    in  {c.InboundSpi}  {c.BytesIn} bytes / {c.PacketsIn} packets{Drops(c.DropsIn)}   out {c.OutboundSpi}  {c.BytesOut} bytes / {c.PacketsOut} packets{Drops(c.DropsOut)}\n");
            sb.Append(CultureInfo.InvariantCulture, $"    {string.Join(' ', c.LocalSelectors)} === {string.Join(' ', c.RemoteSelectors)}\n");
        }
    }

    private static string Drops(System.Collections.Immutable.ImmutableSortedDictionary<string, long> drops) =>
        drops.IsEmpty ? "" : "  drops " + string.Join(" ", drops.Select(p => $"{p.Key} {p.Value}"));

    private static string Since(DateTimeOffset? since, DateTimeOffset now) => since is { } s ? $" for {Durations.Format(now - s)}" : "";

    private static string Ms(double? ms) => ms is { } v ? v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms" : "-";

    private static string Word(LinkStatus s) => s switch
    {
        LinkStatus.Up => "up",
        LinkStatus.Down => "DOWN (no carrier)",
        LinkStatus.Absent => "ABSENT (no such interface)",
        _ => "unknown",
    };

    private static string Word(MonitorStatus s) => s switch
    {
        MonitorStatus.Up => "up",
        MonitorStatus.Degraded => "DEGRADED",
        MonitorStatus.Failed => "FAILED",
        _ => "pending",
    };
}
