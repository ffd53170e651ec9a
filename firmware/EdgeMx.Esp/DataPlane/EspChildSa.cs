using System.Collections.Immutable;
using System.Text;
using EdgeMx.Esp.Policy;
using EdgeMx.Esp.Sa;
using EdgeMx.Esp.Transform;

namespace EdgeMx.Esp.DataPlane;

/// <summary>
/// One established CHILD_SA as the data plane installs it: both SPIs, the cipher suite, each direction's keys, the
/// negotiated traffic selectors, the outer endpoints and the lifetime. "Inbound" is from the peer to us (our SPI).
/// <see cref="ReplacesInboundSpi"/> names the CHILD_SA a rekey replaces: outbound moves to this one at once, the
/// old inbound SA stays until it is removed (make-before-break). The keys belong to the caller, who clears them
/// after <see cref="IEspDataPlane.Install"/> returned; <see cref="ToString"/> never shows them.
/// </summary>
public sealed record EspChildSa
{
    /// <summary>The IKE connection (tunnel) this CHILD_SA belongs to, e.g. "hub1".</summary>
    public required string Connection { get; init; }

    /// <summary>The child configuration within the connection, e.g. "lan". Connection + Child name one policy.</summary>
    public required string Child { get; init; }

    public long UniqueId { get; init; }
    public required uint InboundSpi { get; init; }
    public required uint OutboundSpi { get; init; }
    public required EspCipherSuite Suite { get; init; }
    public bool ExtendedSequenceNumbers { get; init; }
    public required EspKeyMaterial InboundKeys { get; init; }
    public required EspKeyMaterial OutboundKeys { get; init; }

    /// <summary>Our side's selectors (inner source of outbound traffic).</summary>
    public required ImmutableArray<TrafficSelector> LocalSelectors { get; init; }

    /// <summary>The peer's side (inner destination of outbound traffic): what is routed into the tunnel.</summary>
    public required ImmutableArray<TrafficSelector> RemoteSelectors { get; init; }

    public required EspEndpoints Endpoints { get; init; }
    public EspSaLifetime Lifetime { get; init; } = EspSaLifetime.Unlimited;
    public int ReplayWindow { get; init; } = Transform.ReplayWindow.DefaultSize;
    public uint? ReplacesInboundSpi { get; init; }

    /// <summary>
    /// With <see cref="ReplacesInboundSpi"/>: we are the responder of the peer's rekey. The peer installs the new SA
    /// only when our response reaches it, so a packet we sent on the new SA at once could arrive before and be
    /// dropped (strongSwan: "inbound ESP packet does not belong to an installed SA"). Outbound stays on the old SA
    /// until the first authenticated packet on the new one, or until the old one is removed (the peer's DELETE).
    /// </summary>
    public bool DeferOutboundSwitch { get; init; }

    /// <summary>Connection/child: the policy this CHILD_SA (and every rekeyed successor) serves.</summary>
    public string PolicyName => $"{Connection}/{Child}";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"{PolicyName} #{UniqueId}, in 0x{InboundSpi:x8}, out 0x{OutboundSpi:x8}, {Suite.Name}");
        if (ExtendedSequenceNumbers) builder.Append("/ESN");
        builder.Append($", {string.Join(' ', LocalSelectors)} === {string.Join(' ', RemoteSelectors)}, {Endpoints}");
        if (ReplacesInboundSpi is { } old) builder.Append($", replaces 0x{old:x8}{(DeferOutboundSwitch ? " (outbound once the peer uses it)" : "")}");
        return true;
    }
}
