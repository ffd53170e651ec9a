using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Config;

/// <summary>One CHILD_SA to negotiate (tunnel mode): our and the peer's protected subnets and the ESP proposals.</summary>
public sealed record ChildSaSettings(
    string Name,
    IReadOnlyList<TrafficSelector> LocalSelectors,
    IReadOnlyList<TrafficSelector> RemoteSelectors,
    IReadOnlyList<CryptoProposal> EspProposals,
    LifetimeSettings Lifetime)
{
    /// <summary>Whether CREATE_CHILD_SA for this child (rekeys, later children) carries a KE payload.</summary>
    public bool UsesPfs => EspProposals.Any(p => p.KeyExchange.Count > 0);
}
