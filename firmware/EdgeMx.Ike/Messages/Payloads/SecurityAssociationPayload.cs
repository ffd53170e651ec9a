namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// SA payload (RFC 7296 §3.3): one or more proposals, in order of preference. A responder answers with exactly
/// one proposal, keeping the initiator's proposal number.
/// </summary>
public sealed class SecurityAssociationPayload(IReadOnlyList<Proposal> proposals) : IkePayload
{
    /// <summary>Bound on proposals per SA payload; strongSwan sends at most a few dozen.</summary>
    public const int MaxProposals = 64;

    public override PayloadType Type => PayloadType.SecurityAssociation;

    public IReadOnlyList<Proposal> Proposals { get; } = proposals;

    public static SecurityAssociationPayload Decode(ReadOnlySpan<byte> body)
    {
        var reader = new IkeReader(body);
        var proposals = new List<Proposal>();
        var sawLast = false;
        while (!reader.IsEmpty)
        {
            if (sawLast) throw IkeProtocolException.Syntax("SA: proposal after the one marked last");
            if (proposals.Count == MaxProposals) throw IkeProtocolException.Syntax($"SA: more than {MaxProposals} proposals");
            proposals.Add(Proposal.Read(ref reader, out sawLast));
        }
        if (proposals.Count == 0) throw IkeProtocolException.Syntax("SA: no proposal");
        if (!sawLast) throw IkeProtocolException.Syntax("SA: last proposal not marked last");
        return new SecurityAssociationPayload(proposals);
    }

    public override void WriteBody(IkeWriter writer)
    {
        for (var i = 0; i < Proposals.Count; i++) Proposals[i].Write(writer, i == Proposals.Count - 1);
    }
}
