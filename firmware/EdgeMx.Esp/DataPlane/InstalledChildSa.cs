using EdgeMx.Esp.Policy;
using EdgeMx.Esp.Sa;

namespace EdgeMx.Esp.DataPlane;

/// <summary>One CHILD_SA the user-space data plane carries: its SA pair, its policy and its current endpoints.</summary>
internal sealed class InstalledChildSa(EspChildSa description, SecurityPolicy policy, EspInboundSa inbound,
    EspOutboundSa outbound)
{
    public string Connection { get; } = description.Connection;
    public string Child { get; } = description.Child;
    public long UniqueId { get; } = description.UniqueId;
    public SecurityPolicy Policy { get; set; } = policy;
    public EspInboundSa Inbound { get; } = inbound;
    public EspOutboundSa Outbound { get; } = outbound;
    public EspEndpoints Endpoints { get; set; } = description.Endpoints;
    public int TunnelMtu { get; set; }

    /// <summary>
    /// Installed as the responder of a rekey: outbound traffic moves here from the SA it replaces once the peer uses
    /// it (<see cref="EspChildSa.DeferOutboundSwitch"/>). Changed under the table's lock.
    /// </summary>
    public bool AwaitingPeer { get; set; }

    /// <summary>A successor took over outbound traffic; this one only still accepts inbound packets.</summary>
    public bool Superseded => !AwaitingPeer && Policy.Target?.Sa != Outbound;
}
