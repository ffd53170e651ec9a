using System.Net;
using System.Net.Sockets;
using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Core.Configuration.Checks;

/// <summary>
/// What the tunnels schema cannot say: names are unique, a tunnel that initiates has a peer, an ipv4 identity is an
/// address, the PSK file is root-only (a missing one is a warning: provisioning may write it after the config; the
/// tunnel stays down and says so until it appears), DPD and retransmit timers make sense together, and a tunnel that
/// does not fail closed (or a subnet that cannot) is pointed out. Proposal syntax
/// is checked by the IKE subsystem's own parser (EdgeMx.Appliance's TunnelProposalsCheck).
/// </summary>
public sealed class TunnelsCheck : IConfigCheck
{
    public void Check(ApplianceConfig config, ConfigCheckContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Tunnels.Count; i++)
        {
            var t = config.Tunnels[i];
            var at = $"$.tunnels[{i}]";
            if (!names.Add(t.Name)) context.Error($"{at}.name", $"tunnel name \"{t.Name}\" is used twice");
            if (t.StartAction == "initiate" && t.Peer is null)
                context.Error($"{at}.peer", "a tunnel with startAction \"initiate\" needs the hub's address or DNS name; use startAction \"listen\" to accept any peer");
            CheckId(context, $"{at}.localId", t.LocalId);
            if (t.RemoteId is { } remote) CheckId(context, $"{at}.remoteId", remote);

            var psk = context.ResolvePath(t.PskFile);
            if (!File.Exists(psk) && !Directory.Exists(psk))
                context.Warning($"{at}.pskFile", $"secret file {psk} does not exist yet; tunnel {t.Name} stays down until it does");
            else
                context.CheckSecretFile($"{at}.pskFile", t.PskFile);

            if (t.Dpd.Mode != "none" && t.Dpd.TimeoutSeconds < t.Dpd.RetrySeconds)
                context.Error($"{at}.dpd.timeoutSeconds", $"is {t.Dpd.TimeoutSeconds} s, shorter than retrySeconds ({t.Dpd.RetrySeconds} s): the peer would be declared dead before the first retry");
            if (t.Retransmit.TimeoutMs * Math.Pow(t.Retransmit.Base, t.Retransmit.Tries) > 3_600_000)
                context.Error($"{at}.retransmit", "the last retransmission would wait more than an hour; lower base or tries");
            foreach (var (list, name) in new[] { (t.LocalSubnets, "localSubnets"), (t.RemoteSubnets, "remoteSubnets") })
                for (var j = 0; j < list.Count; j++)
                    if (Ipv4Prefix.TryParse(list[j], out var prefix) && prefix.NetworkText != list[j])
                        context.Warning($"{at}.{name}[{j}]", $"{list[j]} has host bits set; the traffic selector is {prefix.NetworkText}");
            CheckFailClosed(context, at, t);
        }
    }

    /// <summary>
    /// Fail closed is the default (seed 000: without Direct Internet Access, which is off by default, traffic for a
    /// tunnel that is down is dropped, never sent in the clear). Turning it off is allowed but said out loud; and a
    /// full tunnel (0.0.0.0/0) cannot be guarded by a route: the uplink's default route (metric 0) always wins.
    /// </summary>
    private static void CheckFailClosed(ConfigCheckContext context, string at, TunnelConfig t)
    {
        if (!t.FailClosed)
        {
            context.Warning($"{at}.failClosed", $"is false: while tunnel {t.Name} is down, traffic for {string.Join(", ", t.RemoteSubnets)} leaves through the active uplink unencrypted");
            return;
        }
        for (var j = 0; j < t.RemoteSubnets.Count; j++)
            if (Ipv4Prefix.TryParse(t.RemoteSubnets[j], out var prefix) && prefix.Length == 0)
                context.Warning($"{at}.remoteSubnets[{j}]", $"{t.RemoteSubnets[j]} cannot be guarded while tunnel {t.Name} is down: the uplink's default route wins over a guard route; only the other subnets fail closed");
    }

    private static void CheckId(ConfigCheckContext context, string path, TunnelIdConfig id)
    {
        if (id.Type == "ipv4" && !(IPAddress.TryParse(id.Value, out var a) && a.AddressFamily == AddressFamily.InterNetwork && id.Value.Count(c => c == '.') == 3))
            context.Error($"{path}.value", $"\"{id.Value}\" is not an IPv4 address (type ipv4)");
    }
}
