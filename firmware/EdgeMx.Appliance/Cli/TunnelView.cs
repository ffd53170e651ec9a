using System.Globalization;
using System.Text;
using EdgeMx.Core.State;
using EdgeMx.Core.Text;

namespace EdgeMx.Appliance.Cli;

/// <summary>
/// The tunnels part of `edgemx status`, laid out like `swanctl --list-sas`:
/// <code>
/// hub1: #1, ESTABLISHED, IKEv2, 1c2d…_i* 9a8b…_r
///   local  'spoke.lab' @ 198.51.100.2[500]
///   remote 'hub1.lab' @ 203.0.113.11[500]
///   AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519
///   established 12s ago, rekeying in 7h51m
///   net: #2, INSTALLED, TUNNEL, ESP:AES_GCM_16_128
///     installed 12s ago, rekeying in 7h40m
///     in  c1234567,  0 bytes,  0 packets
///     out c7654321,  0 bytes,  0 packets
///     local  192.168.50.0/24
///     remote 10.1.0.0/24
/// </code>
/// </summary>
internal static class TunnelView
{
    public static void Render(StringBuilder sb, ApplianceState s)
    {
        foreach (var t in s.Tunnels)
        {
            sb.Append('\n');
            var status = t.Phase1Up && t.Phase2Up ? "UP" : t.Phase1Up ? "IKE only" : "DOWN";
            sb.Append(CultureInfo.InvariantCulture, $"tunnel {t.Name}  {status}  peer {t.Peer ?? "any"}  ({t.StartAction ?? "initiate"}");
            sb.Append(t.Uplink is { } u ? $" via {u})" : ")");
            if (t.LastError is { } error) sb.Append(CultureInfo.InvariantCulture, $"  last error: {error}");
            sb.Append('\n');
            if (t.Guard is { } guard) sb.Append(CultureInfo.InvariantCulture, $"  {Guard(guard)}\n");
            foreach (var sa in t.Sas)
            {
                sb.Append(CultureInfo.InvariantCulture,
                    $"{t.Name}: #{sa.UniqueId}, {sa.State}, IKEv2, {sa.SpiI}_i{(sa.Initiator ? "*" : "")} {sa.SpiR}_r{(sa.Initiator ? "" : "*")}\n");
                sb.Append(CultureInfo.InvariantCulture, $"  local  '{sa.LocalId}' @ {Endpoint(sa.Local)}{(sa.NatLocal ? " (NAT)" : "")}\n");
                sb.Append(CultureInfo.InvariantCulture, $"  remote '{sa.RemoteId ?? "?"}' @ {Endpoint(sa.Remote)}{(sa.NatRemote ? " (NAT)" : "")}\n");
                if (sa.Proposal is { } p) sb.Append(CultureInfo.InvariantCulture, $"  {p}{(sa.Encapsulated ? "  (UDP-encapsulated)" : "")}\n");
                if (sa.EstablishedSeconds is { } e)
                    sb.Append(CultureInfo.InvariantCulture, $"  established {Seconds(e)} ago{(sa.RekeyInSeconds is { } r ? $", rekeying in {Seconds(r)}" : "")}, {sa.Rekeys} rekeys\n");
                foreach (var c in sa.Children)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"  {c.Name}: #{c.UniqueId}, {c.State}, TUNNEL{(c.Encapsulated ? "-in-UDP" : "")}, ESP:{c.Proposal}\n");
                    if (c.InstalledSeconds is { } i)
                        sb.Append(CultureInfo.InvariantCulture, $"    installed {Seconds(i)} ago{(c.RekeyInSeconds is { } r ? $", rekeying in {Seconds(r)}" : "")}\n");
                    sb.Append(CultureInfo.InvariantCulture, $"    in  {c.SpiIn}, {c.BytesIn} bytes, {c.PacketsIn} packets\n");
                    sb.Append(CultureInfo.InvariantCulture, $"    out {c.SpiOut}, {c.BytesOut} bytes, {c.PacketsOut} packets\n");
                    sb.Append(CultureInfo.InvariantCulture, $"    local  {c.LocalTs}\n");
                    sb.Append(CultureInfo.InvariantCulture, $"    remote {c.RemoteTs}\n");
                }
            }
        }
    }

    /// <summary>"fails closed: 10.1.0.0/24 unreachable while down", or what is not guarded and why.</summary>
    private static string Guard(TunnelGuardState g)
    {
        if (!g.FailClosed) return "fail closed: off (failClosed false): traffic for the remote subnets leaves unencrypted while the tunnel is down";
        var text = g.Prefixes.IsEmpty ? "fail closed: NOT guarded" : $"fail closed: {string.Join(", ", g.Prefixes)} unreachable while down";
        if (!g.Unguarded.IsEmpty) text += $"; not guarded: {string.Join(", ", g.Unguarded)}";
        if (g.Error is { } e) text += $" ({e})";
        return text;
    }

    /// <summary>198.51.100.2:500 as swanctl writes it: 198.51.100.2[500].</summary>
    private static string Endpoint(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return colon < 0 ? endpoint : $"{endpoint[..colon]}[{endpoint[(colon + 1)..]}]";
    }

    private static string Seconds(long seconds) => Durations.Format(TimeSpan.FromSeconds(seconds));
}
