using EdgeMx.Esp.Sa;

namespace EdgeMx.Esp.DataPlane;

/// <summary>
/// The ESP data plane, whichever backend carries the packets: user space (TUN + ESP in UDP or raw ESP) or the
/// kernel (XFRM). IKE installs, updates and removes CHILD_SAs through it; it reports lifetime expiries back and
/// counts traffic. Calls are serialised by the caller (the tunnel service); none of them throws for an unknown SPI.
/// </summary>
public interface IEspDataPlane
{
    /// <summary>"userspace" or "xfrm": what <see cref="EspBackendProbe"/> chose at start-up.</summary>
    string Backend { get; }

    /// <summary>
    /// Installs a CHILD_SA: inbound first (so the peer's first packets already find it), then outbound traffic of
    /// its policy moves to it at once, or, with <see cref="EspChildSa.DeferOutboundSwitch"/> (we answered the peer's
    /// rekey), once the peer uses it or deletes the old one. With <see cref="EspChildSa.ReplacesInboundSpi"/> the
    /// predecessor keeps its inbound SA until <see cref="Remove"/> (make-before-break: nothing in flight is lost).
    /// </summary>
    void Install(EspChildSa childSa);

    /// <summary>The peer's NAT mapping or our uplink address changed (RFC 7296 §2.23, MOBIKE-like moves).</summary>
    void UpdateEndpoints(uint inboundSpi, EspEndpoints endpoints);

    /// <summary>Deletes a CHILD_SA (IKE DELETE, expiry, IKE SA gone); its policy goes with its last SA.</summary>
    void Remove(uint inboundSpi, uint outboundSpi);

    /// <summary>Status and counters of one CHILD_SA, by our inbound SPI; null when not installed.</summary>
    EspChildSaStatus? GetStatus(uint inboundSpi);

    /// <summary>Every installed CHILD_SA.</summary>
    IReadOnlyList<EspChildSaStatus> Snapshot();

    /// <summary>
    /// Soft (rekey now) and hard (stopped) expiries by bytes, packets or sequence numbers — and by time for SAs
    /// that were given a time lifetime. Raised on the data plane's lifetime timer.
    /// </summary>
    event Action<EspSaExpiry>? SaExpired;
}
