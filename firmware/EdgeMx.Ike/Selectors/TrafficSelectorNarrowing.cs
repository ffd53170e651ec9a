using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Selectors;

/// <summary>
/// Traffic selector narrowing (RFC 7296 §2.9): the responder answers with the intersection of what the initiator
/// proposed and what its own policy allows; an empty intersection on either side is TS_UNACCEPTABLE. The initiator
/// accepts an answer only if it is within what it proposed.
/// </summary>
public static class TrafficSelectorNarrowing
{
    public static TrafficSelector? Intersect(TrafficSelector a, TrafficSelector b)
    {
        if (a.Type != b.Type) return null;
        byte protocol;
        if (a.IpProtocol == b.IpProtocol || b.IpProtocol == 0) protocol = a.IpProtocol;
        else if (a.IpProtocol == 0) protocol = b.IpProtocol;
        else return null;
        var startPort = Math.Max(a.StartPort, b.StartPort);
        var endPort = Math.Min(a.EndPort, b.EndPort);
        if (startPort > endPort) return null;
        var start = a.StartAddress > b.StartAddress ? a.StartAddress : b.StartAddress;
        var end = a.EndAddress < b.EndAddress ? a.EndAddress : b.EndAddress;
        if (start > end) return null;
        return new TrafficSelector(a.Type, protocol, (ushort)startPort, (ushort)endPort, start, end);
    }

    /// <summary>Every non-empty pairwise intersection, without duplicates, in the proposer's order.</summary>
    public static IReadOnlyList<TrafficSelector> Narrow(IReadOnlyList<TrafficSelector> proposed, IReadOnlyList<TrafficSelector> allowed)
    {
        var result = new List<TrafficSelector>();
        foreach (var p in proposed)
            foreach (var a in allowed)
                if (Intersect(p, a) is { } i && !result.Contains(i)) result.Add(i);
        return result;
    }

    public static bool Contains(TrafficSelector outer, TrafficSelector inner) =>
        outer.Type == inner.Type
        && (outer.IpProtocol == 0 || outer.IpProtocol == inner.IpProtocol)
        && outer.StartPort <= inner.StartPort && inner.EndPort <= outer.EndPort
        && outer.StartAddress <= inner.StartAddress && inner.EndAddress <= outer.EndAddress;

    /// <summary>True when every selector of <paramref name="answer"/> lies within one we proposed.</summary>
    public static bool IsWithin(IReadOnlyList<TrafficSelector> answer, IReadOnlyList<TrafficSelector> proposed) =>
        answer.Count > 0 && answer.All(a => proposed.Any(p => Contains(p, a)));

    public static string Format(IEnumerable<TrafficSelector> selectors) => string.Join(" ", selectors);
}
