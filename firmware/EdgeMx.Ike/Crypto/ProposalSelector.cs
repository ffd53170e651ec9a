using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Crypto;

/// <summary>
/// Proposal selection (RFC 7296 §2.7, §3.3.6). As responder we pick the first of our configured proposals that one
/// of the initiator's proposals can satisfy (strongSwan's default, "prefer configured proposals"), taking for each
/// transform type the first of our algorithms the initiator also offered. As initiator we check that the answer is
/// exactly one proposal we offered with one transform per type.
/// </summary>
public static class ProposalSelector
{
    public static SelectedProposal? Select(IReadOnlyList<CryptoProposal> ours, IReadOnlyList<Proposal> offered)
    {
        foreach (var mine in ours)
        {
            foreach (var theirs in offered)
            {
                if (theirs.Protocol != mine.Protocol) continue;
                if (TryMatch(mine, theirs) is { } selected) return selected;
            }
        }
        return null;
    }

    /// <summary>Checks the responder's answer against what we offered; null when it is not acceptable.</summary>
    public static SelectedProposal? Accept(IReadOnlyList<CryptoProposal> ours, Proposal answer)
    {
        if (answer.Number == 0 || answer.Number > ours.Count) return null;
        var offered = ours[answer.Number - 1];
        if (answer.Protocol != offered.Protocol) return null;
        // exactly one transform per type, none we did not offer
        foreach (var group in answer.Transforms.GroupBy(t => t.Type))
            if (group.Count() != 1) return null;
        var selected = TryMatch(offered, answer);
        if (selected is null) return null;
        var expected = 1 + (selected.Prf is null ? 0 : 1) + (selected.Integrity is null ? 0 : 1)
            + (selected.KeyExchange is null ? 0 : 1) + (offered.Protocol == ProtocolId.Esp ? 1 : 0);
        var present = answer.Transforms.Count(t =>
            !(t.Type == TransformType.Integrity && t.Id == 0) && !(t.Type == TransformType.KeyExchange && t.Id == 0));
        if (offered.Protocol == ProtocolId.Esp && !answer.Transforms.Any(t => t.Type == TransformType.ExtendedSequenceNumbers))
            present++; // a missing ESN transform means "no ESN"
        return present == expected ? selected : null;
    }

    private static SelectedProposal? TryMatch(CryptoProposal mine, Proposal theirs)
    {
        // A transform type we do not know, or a transform with an attribute we do not understand, cannot be
        // satisfied: skip such transforms; unknown types make the whole proposal unacceptable (§3.3.6).
        if (theirs.Transforms.Any(t => t.Type is < TransformType.Encryption or > TransformType.ExtendedSequenceNumbers))
            return null;
        var usable = theirs.Transforms.Where(t => !t.HasUnknownAttributes).ToList();

        var encryption = mine.Encryption.FirstOrDefault(e =>
            usable.Any(t => t.Type == TransformType.Encryption && t.Id == (ushort)e.Algorithm
                && (e.HasKeyLengthAttribute ? t.KeyLength == e.KeyBits : t.KeyLength is null)));
        if (encryption is null) return null;

        PrfTransform? prf = null;
        if (mine.Protocol == ProtocolId.Ike)
        {
            prf = mine.Prf.FirstOrDefault(p => Offers(usable, TransformType.PseudoRandomFunction, (ushort)p.Algorithm));
            if (prf is null) return null;
        }
        else if (usable.Any(t => t.Type == TransformType.PseudoRandomFunction)) return null;

        IntegrityTransform? integrity = null;
        var theirIntegrity = usable.Where(t => t.Type == TransformType.Integrity).ToList();
        if (encryption.IsAead)
        {
            // AEAD: no integrity transform, or only NONE (RFC 5282 §8: "MUST NOT" include a non-NONE one).
            if (theirIntegrity.Any(t => t.Id != 0)) return null;
        }
        else
        {
            integrity = mine.Integrity.FirstOrDefault(i => Offers(usable, TransformType.Integrity, (ushort)i.Algorithm));
            if (integrity is null) return null;
        }

        KeyExchangeTransform? keyExchange = null;
        var theirGroups = usable.Where(t => t.Type == TransformType.KeyExchange).ToList();
        if (mine.KeyExchange.Count > 0)
        {
            keyExchange = mine.KeyExchange.FirstOrDefault(k => Offers(usable, TransformType.KeyExchange, k.Number));
            if (keyExchange is null) return null;
        }
        else if (theirGroups.Count > 0 && theirGroups.All(t => t.Id != 0))
        {
            return null; // they insist on PFS, we are configured without it
        }

        var esn = ExtendedSequenceNumbers.No;
        if (mine.Protocol == ProtocolId.Esp)
        {
            var theirEsn = usable.Where(t => t.Type == TransformType.ExtendedSequenceNumbers).Select(t => t.Id).ToList();
            if (theirEsn.Count == 0) theirEsn.Add((ushort)ExtendedSequenceNumbers.No);
            var pick = mine.Esn.Cast<ExtendedSequenceNumbers?>().FirstOrDefault(e => theirEsn.Contains((ushort)e!.Value));
            if (pick is null) return null;
            esn = pick.Value;
        }
        else if (usable.Any(t => t.Type == TransformType.ExtendedSequenceNumbers)) return null;

        return new SelectedProposal(mine.Protocol, theirs.Number, theirs.Spi, encryption, prf, integrity, keyExchange, esn);
    }

    private static bool Offers(List<Transform> transforms, TransformType type, ushort id) =>
        transforms.Any(t => t.Type == type && t.Id == id);

    /// <summary>A received proposal in strongSwan's log notation, naming algorithms we do not implement too:
    /// "IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024". Used in NO_PROPOSAL_CHOSEN events.</summary>
    public static string Describe(Proposal proposal)
    {
        var protocol = proposal.Protocol switch
        {
            ProtocolId.Ike => "IKE",
            ProtocolId.Esp => "ESP",
            ProtocolId.Ah => "AH",
            _ => $"PROTO{(byte)proposal.Protocol}",
        };
        var names = proposal.Transforms
            .OrderBy(t => t.Type switch
            {
                TransformType.Encryption => 0,
                TransformType.Integrity => 1,
                TransformType.PseudoRandomFunction => 2,
                TransformType.KeyExchange => 3,
                _ => 4,
            })
            .Select(t => TransformCatalog.Describe(t.Type, t.Id, t.KeyLength));
        return $"{protocol}:{string.Join('/', names)}";
    }

    public static string Describe(IEnumerable<Proposal> proposals) => string.Join(", ", proposals.Select(Describe));
}
