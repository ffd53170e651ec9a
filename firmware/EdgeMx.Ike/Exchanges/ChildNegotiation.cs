using System.Buffers.Binary;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;
using EdgeMx.Ike.Selectors;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// Negotiating one CHILD_SA, shared by IKE_AUTH and CREATE_CHILD_SA (RFC 7296 §1.3, §2.9, §2.17): the initiator's
/// SA/TSi/TSr and the check of the answer; the responder's choice of child, proposal and narrowed selectors.
/// </summary>
internal static class ChildNegotiation
{
    /// <summary>Our ESP proposals as sent. In IKE_AUTH the key exchange transforms are left out: there is no KE
    /// payload there, PFS only applies to later CREATE_CHILD_SA exchanges (what strongSwan does).</summary>
    public static IReadOnlyList<CryptoProposal> Proposals(ChildSaSettings child, bool withKeyExchange) =>
        withKeyExchange ? child.EspProposals : child.EspProposals.Select(p => p with { KeyExchange = [] }).Distinct().ToList();

    public static SecurityAssociationPayload InitiatorSa(ChildSaSettings child, uint spi, bool withKeyExchange)
    {
        var spiBytes = SpiBytes(spi);
        return new SecurityAssociationPayload(Proposals(child, withKeyExchange)
            .Select((p, i) => p.ToWire((byte)(i + 1), spiBytes)).ToList());
    }

    public static byte[] SpiBytes(uint spi)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, spi);
        return bytes;
    }

    /// <summary>
    /// Initiator: checks the responder's answer and installs the CHILD_SA. Returns null (after reporting why) when
    /// it failed; the IKE SA stays up either way.
    /// </summary>
    public static ChildSa? CompleteInitiator(IkeSa sa, ChildSaSettings child, uint spi, IkeMessage response,
        byte[] nonceI, byte[] nonceR, byte[] pfsSharedSecret, bool withKeyExchange, ChildSa? replaces)
    {
        var ours = ProposalParser.Format(Proposals(child, withKeyExchange));
        if (response.FirstError is { } error)
        {
            sa.Engine.ReleaseChildSpi(spi);
            sa.Report(error.NotifyType switch
            {
                NotifyType.NoProposalChosen => IkeEvents.NoProposalChosenChild(sa.Name, child.Name, ours, null, weRejected: false),
                NotifyType.TsUnacceptable => IkeEvents.TsUnacceptable(sa.Name, child.Name,
                    TrafficSelectorNarrowing.Format(child.LocalSelectors), TrafficSelectorNarrowing.Format(child.RemoteSelectors),
                    null, null, weRejected: false),
                _ => IkeEvents.ExchangeFailed(sa.Name, sa.Remote, response.Exchange == ExchangeType.IkeAuth
                    ? "IKE_AUTH (CHILD_SA)" : "CREATE_CHILD_SA", NotifyTypes.Name(error.NotifyType), 2),
            });
            return null;
        }

        var saPayload = response.Get<SecurityAssociationPayload>();
        var tsi = response.All<TrafficSelectorPayload>().FirstOrDefault(t => t.IsInitiator);
        var tsr = response.All<TrafficSelectorPayload>().FirstOrDefault(t => !t.IsInitiator);
        string? problem = null;
        SelectedProposal? selected = null;
        if (saPayload is null || tsi is null || tsr is null) problem = "the answer lacks SA, TSi or TSr";
        else if (saPayload.Proposals.Count != 1) problem = $"the answer holds {saPayload.Proposals.Count} proposals";
        else if ((selected = ProposalSelector.Accept(Proposals(child, withKeyExchange), saPayload.Proposals[0])) is null)
            problem = $"the peer chose {ProposalSelector.Describe(saPayload.Proposals[0])}, which we did not offer";
        else if (saPayload.Proposals[0].Spi.Length != 4) problem = "the peer's ESP SPI is not 4 octets";
        else if (!TrafficSelectorNarrowing.IsWithin(tsi.Selectors, child.LocalSelectors)
                 || !TrafficSelectorNarrowing.IsWithin(tsr.Selectors, child.RemoteSelectors))
            problem = $"the peer answered selectors {TrafficSelectorNarrowing.Format(tsi.Selectors)} === "
                      + $"{TrafficSelectorNarrowing.Format(tsr.Selectors)}, outside what we proposed";
        if (problem is not null)
        {
            sa.Engine.ReleaseChildSpi(spi);
            sa.Report(IkeEvents.ExchangeFailed(sa.Name, sa.Remote, "CHILD_SA negotiation", problem, 2));
            return null;
        }

        var outbound = BinaryPrimitives.ReadUInt32BigEndian(saPayload!.Proposals[0].Spi);
        var keys = KeyDerivation.ChildSaKeys(sa.Engine.Crypto, sa.Proposal!.Prf!, sa.Keys!.SkD, selected!, pfsSharedSecret,
            nonceI, nonceR);
        return sa.InstallChild(child, spi, outbound, selected!, keys, tsi!.Selectors, tsr!.Selectors, nonceI, nonceR,
            createdByUs: true, replaces);
    }

    /// <summary>The responder's decision for one requested CHILD_SA.</summary>
    public sealed record Decision(ChildSaSettings? Child, SelectedProposal? Proposal, IReadOnlyList<TrafficSelector> Tsi,
        IReadOnlyList<TrafficSelector> Tsr, NotifyPayload? Error);

    /// <summary>
    /// Responder: finds the configured child whose selectors overlap the proposed ones (narrowing them, §2.9) and
    /// picks a proposal. Errors come back as the notify to answer with, after reporting the mismatch with both
    /// sides' view.
    /// </summary>
    public static Decision Respond(IkeSa sa, IkeMessage request, ChildSaSettings? only, bool withKeyExchange)
    {
        var saPayload = request.Get<SecurityAssociationPayload>();
        var tsi = request.All<TrafficSelectorPayload>().FirstOrDefault(t => t.IsInitiator);
        var tsr = request.All<TrafficSelectorPayload>().FirstOrDefault(t => !t.IsInitiator);
        if (saPayload is null || tsi is null || tsr is null)
            throw IkeProtocolException.Syntax("CHILD_SA request without SA, TSi or TSr");

        var candidates = only is not null ? [only] : sa.Settings.Children;
        foreach (var child in candidates)
        {
            var narrowedI = TrafficSelectorNarrowing.Narrow(tsi.Selectors, child.RemoteSelectors);
            var narrowedR = TrafficSelectorNarrowing.Narrow(tsr.Selectors, child.LocalSelectors);
            if (narrowedI.Count == 0 || narrowedR.Count == 0) continue;
            var offered = saPayload.Proposals.Where(p => p.Protocol == ProtocolId.Esp && p.Spi.Length == 4).ToList();
            var ours = Proposals(child, withKeyExchange);
            var selected = ProposalSelector.Select(ours, withKeyExchange ? offered : offered.Select(StripKeyExchange).ToList());
            if (selected is null)
            {
                sa.Report(IkeEvents.NoProposalChosenChild(sa.Name, child.Name, ProposalParser.Format(ours),
                    ProposalSelector.Describe(saPayload.Proposals), weRejected: true));
                return new Decision(child, null, [], [], new NotifyPayload(NotifyType.NoProposalChosen));
            }
            return new Decision(child, selected, narrowedI, narrowedR, null);
        }

        var first = candidates.FirstOrDefault();
        sa.Report(IkeEvents.TsUnacceptable(sa.Name, first?.Name ?? "-",
            first is null ? "-" : TrafficSelectorNarrowing.Format(first.LocalSelectors),
            first is null ? "-" : TrafficSelectorNarrowing.Format(first.RemoteSelectors),
            TrafficSelectorNarrowing.Format(tsi.Selectors), TrafficSelectorNarrowing.Format(tsr.Selectors), weRejected: true));
        return new Decision(null, null, [], [], new NotifyPayload(NotifyType.TsUnacceptable));
    }

    private static Proposal StripKeyExchange(Proposal p) =>
        p with { Transforms = p.Transforms.Where(t => t.Type != TransformType.KeyExchange).ToList() };

    /// <summary>The answer payloads for an accepted CHILD_SA: one proposal with our SPI, and the narrowed selectors.</summary>
    public static IEnumerable<IkePayload> ResponderPayloads(Decision decision, uint spi) =>
    [
        new SecurityAssociationPayload([decision.Proposal!.ToWire(SpiBytes(spi))]),
        new TrafficSelectorPayload(true, decision.Tsi),
        new TrafficSelectorPayload(false, decision.Tsr),
    ];
}
