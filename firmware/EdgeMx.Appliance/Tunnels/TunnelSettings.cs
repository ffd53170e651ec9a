using System.Net;
using System.Text;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Appliance.Tunnels;

/// <summary>Turns a `tunnels[]` entry of the configuration into the IKE engine's connection settings.</summary>
public static class TunnelSettings
{
    /// <summary>The single CHILD_SA every tunnel negotiates (its selectors are the configured subnets).</summary>
    public const string ChildName = "net";

    /// <summary>Builds the settings; <paramref name="peer"/> is the resolved hub address (null: any peer).</summary>
    public static IkeConnectionSettings Build(TunnelConfig t, IPAddress? peer, byte[] psk)
    {
        var childLifetime = Lifetime(t.ChildLifetimeSeconds);
        return new IkeConnectionSettings
        {
            Name = t.Name,
            RemoteAddress = peer,
            RemotePort = t.PeerPort,
            LocalId = Identity(t.LocalId),
            RemoteId = t.RemoteId is { } remote ? Identity(remote) : IkeIdentity.Any,
            PreSharedKey = psk,
            IkeProposals = ProposalParser.ParseList(ProtocolId.Ike, t.IkeProposals),
            Children =
            [
                new ChildSaSettings(ChildName,
                    t.LocalSubnets.Select(Selector).ToList(),
                    t.RemoteSubnets.Select(Selector).ToList(),
                    ProposalParser.ParseList(ProtocolId.Esp, t.EspProposals), childLifetime),
            ],
            Initiate = t.StartAction == "initiate",
            IkeLifetime = Lifetime(t.IkeLifetimeSeconds),
            Dpd = new DpdSettings(t.Dpd.Mode switch { "periodic" => DpdMode.Periodic, "none" => DpdMode.None, _ => DpdMode.OnDemand },
                TimeSpan.FromSeconds(t.Dpd.DelaySeconds), TimeSpan.FromSeconds(t.Dpd.RetrySeconds), TimeSpan.FromSeconds(t.Dpd.TimeoutSeconds),
                t.Dpd.Action == "clear" ? DeadPeerAction.Clear : DeadPeerAction.Restart),
            Retransmit = new RetransmitSchedule(TimeSpan.FromMilliseconds(t.Retransmit.TimeoutMs), t.Retransmit.Base, t.Retransmit.Tries),
            Nat = new NatSettings(t.ForceEncapsulation, TimeSpan.FromSeconds(t.NatKeepaliveSeconds)),
            Redirect = new RedirectSettings(t.Redirect.Accept, t.Redirect.MaxRedirects, TimeSpan.FromSeconds(t.Redirect.WindowSeconds)),
            CloseAction = t.Dpd.Action == "clear" ? DeadPeerAction.Clear : DeadPeerAction.Restart,
        };
    }

    /// <summary>
    /// Lifetime with a rekey margin scaled to it: strongSwan's 9 min + 3 min jitter for the 8 h default, a tenth
    /// (plus a twentieth of jitter) for short lifetimes so they still rekey well before expiry.
    /// </summary>
    public static LifetimeSettings Lifetime(int seconds)
    {
        var lifetime = TimeSpan.FromSeconds(seconds);
        if (lifetime >= TimeSpan.FromHours(2)) return LifetimeSettings.Default with { Lifetime = lifetime };
        return new LifetimeSettings(lifetime, lifetime / 10, lifetime / 20);
    }

    public static IkeIdentity Identity(TunnelIdConfig id) => id.Type switch
    {
        "ipv4" => IkeIdentity.FromAddress(IPAddress.Parse(id.Value)),
        "keyId" => new IkeIdentity(IdentificationType.KeyId, Encoding.UTF8.GetBytes(id.Value)),
        _ => new IkeIdentity(IdentificationType.Fqdn, Encoding.ASCII.GetBytes(id.Value)),
    };

    private static TrafficSelector Selector(string cidr)
    {
        // Host bits are cleared (the config check warned about them).
        var network = IPNetwork.Parse(cidr);
        return TrafficSelector.FromSubnet(network.BaseAddress, network.PrefixLength);
    }

    /// <summary>Reads the PSK: the file's first line, without its line end. Null when the file is missing or empty.</summary>
    public static byte[]? ReadPsk(string path)
    {
        if (!File.Exists(path)) return null;
        // Bounded and regular files only: the file may have been replaced since the configuration was checked.
        var text = EdgeMx.Core.IO.BoundedFile.ReadAllText(path, EdgeMx.Core.Configuration.ConfigCheckContext.MaxSecretFileBytes);
        var line = text.Split('\n', 2)[0].TrimEnd('\r');
        return line.Length == 0 ? null : Encoding.UTF8.GetBytes(line);
    }
}
