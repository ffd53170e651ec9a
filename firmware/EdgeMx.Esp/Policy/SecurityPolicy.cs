using System.Collections.Immutable;
using EdgeMx.Esp.Ip;

namespace EdgeMx.Esp.Policy;

/// <summary>
/// One outbound SPD entry (RFC 4301 §4.4.1): traffic from <see cref="LocalSelectors"/> to
/// <see cref="RemoteSelectors"/> is PROTECTed by the policy's current SA. It outlives the SAs that serve it: a
/// rekey only swaps <see cref="Target"/>.
/// </summary>
public sealed class SecurityPolicy
{
    private volatile PolicyTarget? _target;

    public SecurityPolicy(string name, ImmutableArray<TrafficSelector> localSelectors, ImmutableArray<TrafficSelector> remoteSelectors)
    {
        if (localSelectors.IsDefaultOrEmpty || remoteSelectors.IsDefaultOrEmpty)
            throw new ArgumentException($"policy {name} needs local and remote traffic selectors");
        Name = name;
        LocalSelectors = localSelectors;
        RemoteSelectors = remoteSelectors;
        var narrowest = UInt128.MaxValue;
        foreach (var selector in remoteSelectors) narrowest = UInt128.Min(narrowest, selector.Width);
        Specificity = narrowest;
    }

    /// <summary>"connection/child".</summary>
    public string Name { get; }

    public ImmutableArray<TrafficSelector> LocalSelectors { get; }
    public ImmutableArray<TrafficSelector> RemoteSelectors { get; }

    /// <summary>The SA, endpoints and MTU outbound traffic uses now; null before the first SA.</summary>
    public PolicyTarget? Target
    {
        get => _target;
        set => _target = value;
    }

    /// <summary>Width of the narrowest remote selector: the most specific policy wins a lookup.</summary>
    internal UInt128 Specificity { get; }

    /// <summary>Whether an outbound packet is this policy's: source in a local selector, destination in a remote one.</summary>
    public bool Covers(in IpPacketInfo packet)
    {
        var remote = false;
        foreach (var selector in RemoteSelectors)
        {
            if (selector.Matches(packet, sourceSide: false))
            {
                remote = true;
                break;
            }
        }
        if (!remote) return false;
        foreach (var selector in LocalSelectors)
            if (selector.Matches(packet, sourceSide: true)) return true;
        return false;
    }

    public override string ToString() =>
        $"{Name}: {string.Join(' ', LocalSelectors)} === {string.Join(' ', RemoteSelectors)}";
}
