using System.Net;

namespace EdgeMx.Ike.DataPlane;

/// <summary>
/// How the IKE subsystem hands established CHILD_SAs to the ESP data plane (EdgeMx.Esp implements it; EdgeMx.Esp does
/// not depend on EdgeMx.Ike's engine, only on this contract). Calls come from the tunnel service's loop, one at a
/// time, in the order the engine produced them:
/// <list type="number">
/// <item><see cref="Install"/> when a CHILD_SA is established (IKE_AUTH or CREATE_CHILD_SA). On a rekey the new SA is
///   installed first (outbound traffic moves to it, <see cref="ChildSaDescription.ReplacesInboundSpi"/> names the
///   old one) and the old one is removed afterwards — make-before-break, no packet loss;</item>
/// <item><see cref="UpdateEndpoints"/> when the peer's NAT mapping or our uplink address changes;</item>
/// <item><see cref="Remove"/> when a CHILD_SA is deleted, expires or its IKE SA goes away.</item>
/// </list>
/// Implementations must not throw for an SPI they do not know (removal is idempotent).
/// </summary>
public interface IChildSaInstaller
{
    void Install(ChildSaDescription childSa);

    void UpdateEndpoints(uint inboundSpi, IPEndPoint local, IPEndPoint remote, bool udpEncapsulation);

    void Remove(uint inboundSpi, uint outboundSpi);

    /// <summary>Counters for status and on-demand DPD; null when the SA is not (or no longer) installed.</summary>
    ChildSaUsage? GetUsage(uint inboundSpi);
}
