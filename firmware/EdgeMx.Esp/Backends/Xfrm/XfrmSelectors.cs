using System.Net;
using EdgeMx.Esp.Policy;

namespace EdgeMx.Esp.Backends.Xfrm;

/// <summary>
/// Turns negotiated traffic selectors (address ranges, a protocol, port ranges; RFC 7296 §3.13.1) into XFRM selectors,
/// which only know prefixes and a port/mask pair: ranges are split into the fewest prefixes and port blocks, and
/// every local × remote combination with a common protocol becomes one policy per direction.
/// </summary>
public static class XfrmSelectors
{
    /// <summary>More than this many policies for one CHILD_SA is a configuration error, not something to install.</summary>
    public const int MaxPoliciesPerChild = 256;

    public static IReadOnlyList<XfrmPolicySpec> Policies(IEnumerable<TrafficSelector> local, IEnumerable<TrafficSelector> remote,
        IPAddress localOuter, IPAddress remoteOuter, uint reqId)
    {
        var policies = new List<XfrmPolicySpec>();
        foreach (var l in local)
        foreach (var r in remote)
        {
            if (l.IsIpv6 != r.IsIpv6) continue;
            if (l.Protocol != 0 && r.Protocol != 0 && l.Protocol != r.Protocol) continue;
            var protocol = l.Protocol != 0 ? l.Protocol : r.Protocol;
            foreach (var lp in l.ToPrefixes())
            foreach (var rp in r.ToPrefixes())
            foreach (var (lPort, lMask) in PortBlocks(l.StartPort, l.EndPort))
            foreach (var (rPort, rMask) in PortBlocks(r.StartPort, r.EndPort))
            {
                var priority = Priority(lp, rp, protocol, lMask != 0 || rMask != 0);
                policies.Add(new XfrmPolicySpec
                {
                    Source = lp, Destination = rp, Protocol = protocol, SourcePort = lPort, SourcePortMask = lMask,
                    DestinationPort = rPort, DestinationPortMask = rMask, Direction = XfrmUapi.PolicyOut, Priority = priority,
                    TunnelSource = localOuter, TunnelDestination = remoteOuter, ReqId = reqId,
                });
                foreach (var direction in (ReadOnlySpan<byte>)[XfrmUapi.PolicyIn, XfrmUapi.PolicyForward])
                {
                    policies.Add(new XfrmPolicySpec
                    {
                        Source = rp, Destination = lp, Protocol = protocol, SourcePort = rPort, SourcePortMask = rMask,
                        DestinationPort = lPort, DestinationPortMask = lMask, Direction = direction, Priority = priority,
                        TunnelSource = remoteOuter, TunnelDestination = localOuter, ReqId = reqId,
                    });
                }
                if (policies.Count > MaxPoliciesPerChild)
                    throw new ArgumentException($"the traffic selectors need more than {MaxPoliciesPerChild} XFRM policies");
            }
        }
        return policies;
    }

    /// <summary>
    /// A port range as port/mask blocks (0/0 for any port). Only for TCP/UDP/SCTP-like protocols does the kernel
    /// compare ports, which is also when IKE narrows them.
    /// </summary>
    public static IReadOnlyList<(ushort Port, ushort Mask)> PortBlocks(ushort start, ushort end)
    {
        if (start == 0 && end == ushort.MaxValue) return [(0, 0)];
        if (start > end) throw new ArgumentException($"port range {start}-{end} is empty");
        var blocks = new List<(ushort, ushort)>();
        uint port = start;
        while (port <= end)
        {
            // The largest aligned block starting at port that stays within the range.
            var size = 1u;
            while (size < 65536 && (port & (size * 2 - 1)) == 0 && port + size * 2 - 1 <= end) size *= 2;
            blocks.Add(((ushort)port, (ushort)~(size - 1)));
            port += size;
        }
        return blocks;
    }

    private static uint Priority(IPNetwork local, IPNetwork remote, byte protocol, bool ports)
    {
        // Like strongSwan's: a base minus the specificity, so longer prefixes and narrower selectors win.
        var specificity = (uint)(local.PrefixLength + remote.PrefixLength) * 4 + (protocol != 0 ? 2u : 0) + (ports ? 1u : 0);
        return 200_000 - specificity;
    }
}
