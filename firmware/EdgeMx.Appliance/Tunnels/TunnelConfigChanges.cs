using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Appliance.Tunnels;

/// <summary>
/// Which settings of a tunnel differ between the running configuration and a reloaded one, by their JSON names
/// (`ikeProposals`, `remoteSubnets`, …). A reload re-establishes exactly the tunnels with a non-empty list and leaves
/// the others alone, so it compares values: the subnet lists are new list objects after every load. `failClosed` is
/// not compared: it changes no SA, and the guard service applies it on the same reload.
/// </summary>
public static class TunnelConfigChanges
{
    public static IReadOnlyList<string> Between(TunnelConfig running, TunnelConfig loaded)
    {
        var changed = new List<string>();
        void Compare(string key, bool same)
        {
            if (!same) changed.Add(key);
        }
        Compare("peer", running.Peer == loaded.Peer);
        Compare("peerPort", running.PeerPort == loaded.PeerPort);
        Compare("startAction", running.StartAction == loaded.StartAction);
        Compare("localId", running.LocalId == loaded.LocalId);
        Compare("remoteId", running.RemoteId == loaded.RemoteId);
        Compare("pskFile", running.PskFile == loaded.PskFile);
        Compare("ikeProposals", running.IkeProposals == loaded.IkeProposals);
        Compare("espProposals", running.EspProposals == loaded.EspProposals);
        Compare("localSubnets", running.LocalSubnets.SequenceEqual(loaded.LocalSubnets));
        Compare("remoteSubnets", running.RemoteSubnets.SequenceEqual(loaded.RemoteSubnets));
        Compare("ikeLifetimeSeconds", running.IkeLifetimeSeconds == loaded.IkeLifetimeSeconds);
        Compare("childLifetimeSeconds", running.ChildLifetimeSeconds == loaded.ChildLifetimeSeconds);
        Compare("dpd", running.Dpd == loaded.Dpd);
        Compare("forceEncapsulation", running.ForceEncapsulation == loaded.ForceEncapsulation);
        Compare("natKeepaliveSeconds", running.NatKeepaliveSeconds == loaded.NatKeepaliveSeconds);
        Compare("redirect", running.Redirect == loaded.Redirect);
        Compare("retransmit", running.Retransmit == loaded.Retransmit);
        return changed;
    }
}
