using System.Net;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Benchmarks.Ike;

/// <summary>The connections of the IKE benchmark, mirroring the strongSwan side's swanctl.conf (tools/bench/ike.sh).</summary>
internal static class BenchConnections
{
    /// <summary>
    /// An initiator towards <paramref name="remote"/>. NAT-T forced (UDP 4500 for IKE_AUTH and ESP) because that is
    /// what strongSwan with kernel-libipsec does on its side, so both initiators run the same exchanges.
    /// </summary>
    public static IkeConnectionSettings Initiator(string name, IPAddress remote, string localId, string remoteId, byte[] psk,
        string ike, string esp, string localTs, string remoteTs) => new()
    {
        Name = name,
        RemoteAddress = remote,
        LocalId = IkeIdentity.Parse(localId),
        RemoteId = IkeIdentity.Parse(remoteId),
        PreSharedKey = psk,
        IkeProposals = ProposalParser.ParseList(ProtocolId.Ike, ike),
        Children = [Child(localTs, remoteTs, esp)],
        Initiate = true,
        Nat = NatSettings.Default with { ForceEncapsulation = true },
        // A failed setup is reported as a failure of the run, not retried behind the measurement's back.
        CloseAction = DeadPeerAction.Clear,
    };

    /// <summary>The responder ("hub") side: any peer identity, remote selectors narrowed to what each one proposes.</summary>
    public static IkeConnectionSettings Responder(string localId, byte[] psk, string ike, string esp, string localTs, string remoteTs) => new()
    {
        Name = "spokes",
        RemoteAddress = null,
        LocalId = IkeIdentity.Parse(localId),
        RemoteId = IkeIdentity.Any,
        PreSharedKey = psk,
        IkeProposals = ProposalParser.ParseList(ProtocolId.Ike, ike),
        Children = [Child(localTs, remoteTs, esp)],
        Initiate = false,
        Nat = NatSettings.Default with { ForceEncapsulation = true },
        CloseAction = DeadPeerAction.Clear,
    };

    private static ChildSaSettings Child(string localTs, string remoteTs, string esp) =>
        new("net", [TrafficSelector.ParseSubnet(localTs)], [TrafficSelector.ParseSubnet(remoteTs)],
            ProposalParser.ParseList(ProtocolId.Esp, esp), LifetimeSettings.Default);
}
