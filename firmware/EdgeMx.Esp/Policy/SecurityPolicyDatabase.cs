using EdgeMx.Esp.Ip;

namespace EdgeMx.Esp.Policy;

/// <summary>
/// The outbound SPD: the policy for a packet is the most specific one (narrowest remote selector) that covers it.
/// Lookups are lock-free over an array that is replaced, never changed, so the packet path never waits for an
/// install and never allocates.
/// </summary>
public sealed class SecurityPolicyDatabase
{
    private readonly object _gate = new();
    private volatile SecurityPolicy[] _policies = [];

    public IReadOnlyList<SecurityPolicy> Policies => _policies;

    public SecurityPolicy? Find(string name)
    {
        foreach (var policy in _policies)
            if (policy.Name == name) return policy;
        return null;
    }

    /// <summary>Adds a policy; ordered so the most specific comes first and wins.</summary>
    public void Add(SecurityPolicy policy)
    {
        lock (_gate)
        {
            if (Find(policy.Name) is not null) throw new InvalidOperationException($"policy {policy.Name} exists");
            _policies = [.. _policies.Append(policy).OrderBy(p => p.Specificity)];
        }
    }

    public bool Remove(SecurityPolicy policy)
    {
        lock (_gate)
        {
            if (!_policies.Contains(policy)) return false;
            _policies = [.. _policies.Where(p => p != policy)];
            return true;
        }
    }

    /// <summary>The policy protecting an outbound packet, or null (the packet is not ours to carry).</summary>
    public SecurityPolicy? Lookup(in IpPacketInfo packet)
    {
        foreach (var policy in _policies)
            if (policy.Covers(packet)) return policy;
        return null;
    }
}
