using EdgeMx.Esp.DataPlane;

namespace EdgeMx.Esp.Backends.UserSpace;

/// <summary>
/// The UDP socket ESP-in-UDP travels on (RFC 3948): the one IKE floats to on port 4500, so NAT mappings are shared.
/// Its owner (the IKE transport, or <see cref="UdpEncapsulationSocket"/> when the data plane runs alone) receives
/// on it, hands IKE messages (non-ESP marker) to IKE, drops NAT-keepalives, and passes every other datagram, in
/// place, to <see cref="UserSpaceDataPlane.ReceiveEsp"/>. The data plane sends through <see cref="TrySendEsp"/>.
/// </summary>
public interface IEspUdpTransport
{
    /// <summary>
    /// Sends one ESP packet (SPI first; no marker) from the socket of <paramref name="endpoints"/>' local endpoint
    /// to its remote one. False when it could not be sent (no socket for that address, buffer full); never throws
    /// for network errors.
    /// </summary>
    bool TrySendEsp(ReadOnlySpan<byte> esp, EspEndpoints endpoints);

    /// <summary>
    /// Sends a run of ESP packets for the same endpoints, in order: all of the first one's length but the last,
    /// which may be shorter. Returns how many were sent. Transports that own their sockets send the run with UDP
    /// segmentation offload (<see cref="UdpSegmentSender"/>: one system call and one trip through the stack); this
    /// default sends them one by one.
    /// </summary>
    int TrySendEspRun(ReadOnlySpan<EspDatagram> packets, EspEndpoints endpoints)
    {
        var sent = 0;
        foreach (var packet in packets)
            if (TrySendEsp(packet.Span, endpoints)) sent++;
        return sent;
    }
}
