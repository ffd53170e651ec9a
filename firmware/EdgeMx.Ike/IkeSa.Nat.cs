using System.Net;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike;

/// <summary>
/// NAT detection and traversal (RFC 7296 §2.23): NAT_DETECTION_* hashes in IKE_SA_INIT tell each end whether its
/// own or the peer's address was translated; then IKE moves to UDP 4500 (non-ESP marker, RFC 3948) and ESP is
/// UDP-encapsulated. Keepalives from the NATed end keep the mapping alive.
/// </summary>
public sealed partial class IkeSa
{
    /// <summary>We are behind a NAT (our address was translated).</summary>
    public bool NatLocal { get; private set; }

    /// <summary>The peer is behind a NAT.</summary>
    public bool NatRemote { get; private set; }

    /// <summary>UDP encapsulation without a NAT (<see cref="Config.NatSettings.ForceEncapsulation"/>, or the peer faked its hash).</summary>
    public bool EncapsulationForced { get; private set; }

    public bool UsesEncapsulation => NatLocal || NatRemote || EncapsulationForced;

    internal void CopyNatState(IkeSa from)
    {
        NatLocal = from.NatLocal;
        NatRemote = from.NatRemote;
        EncapsulationForced = from.EncapsulationForced;
    }

    /// <summary>NAT_DETECTION_SOURCE_IP and _DESTINATION_IP for an IKE_SA_INIT we send, with its SPIs.</summary>
    internal IkePayload[] NatDetectionPayloads(ulong spiI, ulong spiR)
    {
        byte[] source;
        if (Settings.Nat.ForceEncapsulation)
        {
            // strongSwan's encap=yes: a hash that cannot match makes both ends believe we are behind a NAT.
            source = new byte[NatDetection.HashSize];
            Engine.Crypto.GetRandomBytes(source);
            EncapsulationForced = true;
        }
        else
        {
            source = NatDetection.Hash(Engine.Crypto, spiI, spiR, Local);
        }
        return
        [
            new NotifyPayload(NotifyType.NatDetectionSourceIp, source),
            new NotifyPayload(NotifyType.NatDetectionDestinationIp, NatDetection.Hash(Engine.Crypto, spiI, spiR, Remote)),
        ];
    }

    /// <summary>
    /// Evaluates the peer's NAT_DETECTION_* notifies (hashed with the SPIs of its message): its source hash against
    /// the address we see it at, its destination hash against our own address. No notifies: the peer does not do
    /// NAT-T, so we stay on port 500.
    /// </summary>
    internal bool EvaluateNatDetection(IkeMessage message, IPEndPoint peerSeenAt, IPEndPoint weAreAt)
    {
        var sources = message.All<NotifyPayload>().Where(n => n.NotifyType == NotifyType.NatDetectionSourceIp).ToList();
        var destination = message.GetNotify(NotifyType.NatDetectionDestinationIp);
        if (sources.Count == 0 || destination is null) return false;
        var spiI = message.Header.InitiatorSpi;
        var spiR = message.Header.ResponderSpi;
        var expectedSource = NatDetection.Hash(Engine.Crypto, spiI, spiR, peerSeenAt);
        NatRemote = !sources.Any(s => ConstantTime.Equals(s.Data, expectedSource));
        NatLocal = !ConstantTime.Equals(destination.Data, NatDetection.Hash(Engine.Crypto, spiI, spiR, weAreAt));
        if (Settings.Nat.ForceEncapsulation) EncapsulationForced = true;
        return true;
    }

    /// <summary>Initiator: after IKE_SA_INIT with a NAT (or forced encapsulation), continue on UDP 4500.</summary>
    internal void FloatToNatTraversalPort()
    {
        var port = Engine.Options.NatTraversalPort;
        if (Local.Port == port && Remote.Port == port) return;
        Local = new IPEndPoint(Local.Address, port);
        Remote = new IPEndPoint(Remote.Address, port);
    }

    /// <summary>
    /// An authenticated message arrived: note the time and follow the peer when it floated to 4500 or its NAT
    /// mapping changed (§2.23: only when the peer is behind a NAT; never on an unauthenticated message).
    /// </summary>
    private void NoteAuthenticatedInbound(IPEndPoint from, IPEndPoint to)
    {
        LastInbound = Clock.Now;
        if (from.Equals(Remote) && to.Equals(Local)) return;
        var floated = to.Port == Engine.Options.NatTraversalPort && Local.Port != to.Port;
        if (!floated && !NatRemote) return;
        Local = to;
        Remote = from;
        foreach (var child in _children)
            Emit(new UpdateChildSaEndpoints(child.InboundSpi, Local, Remote, UsesEncapsulation));
        Changed();
    }

    private void SendKeepalive()
    {
        LastOutbound = Clock.Now;
        Emit(new SendDatagram(Local, Remote, [0xFF], IsKeepalive: true));
    }
}
