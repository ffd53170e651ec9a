using System.Collections.Immutable;
using EdgeMx.Esp.Policy;
using EdgeMx.Esp.Sa;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Esp.DataPlane;

/// <summary>
/// The CHILD_SAs of the user-space data plane: the SPD (policies with their current outbound SA), the SAD (inbound
/// SAs by SPI) and the bookkeeping that ties them together through rekeys. Control-plane calls are serialised by a
/// lock; the packet path reads the SPD and SAD without one.
/// </summary>
public sealed class ChildSaTable : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<uint, InstalledChildSa> _byInbound = [];
    private readonly ICryptoProvider _crypto;
    private readonly TimeProvider _time;
    private readonly Func<EspEndpoints, int> _uplinkMtu;

    /// <param name="uplinkMtu">The MTU of the uplink that carries a CHILD_SA's outer packets.</param>
    public ChildSaTable(ICryptoProvider crypto, TimeProvider time, Func<EspEndpoints, int> uplinkMtu)
    {
        _crypto = crypto;
        _time = time;
        _uplinkMtu = uplinkMtu;
    }

    public SecurityPolicyDatabase Policies { get; } = new();
    public SecurityAssociationDatabase Inbound { get; } = new();

    /// <summary>A policy came or went: the backend routes its remote selectors into (or out of) the tunnel.</summary>
    public event Action<SecurityPolicy>? PolicyAdded;
    public event Action<SecurityPolicy>? PolicyRemoved;

    public int Count
    {
        get { lock (_gate) return _byInbound.Count; }
    }

    /// <summary>The tunnel MTU of a CHILD_SA: what is left of the uplink MTU after the outer headers and ESP.</summary>
    public static int TunnelMtu(int uplinkMtu, EspEndpoints endpoints, Transform.EspCipherSuite suite) =>
        suite.MaxPayloadFor(uplinkMtu - endpoints.OuterHeaderSize);

    public void Install(EspChildSa child)
    {
        SecurityPolicy? added = null;
        SecurityPolicy? removed = null;
        lock (_gate)
        {
            if (_byInbound.ContainsKey(child.InboundSpi) || Inbound.TryGet(child.InboundSpi, out _))
                throw new InvalidOperationException($"inbound SPI 0x{child.InboundSpi:x8} is installed already");
            var inbound = new EspInboundSa(child.InboundSpi, child.Suite, child.InboundKeys, child.ExtendedSequenceNumbers,
                _crypto, _time, child.Lifetime, child.ReplayWindow, child.RemoteSelectors, child.LocalSelectors);
            EspOutboundSa outbound;
            try
            {
                outbound = new EspOutboundSa(child.OutboundSpi, child.Suite, child.OutboundKeys, child.ExtendedSequenceNumbers,
                    _crypto, _time, child.Lifetime);
            }
            catch
            {
                inbound.Dispose();
                throw;
            }

            var policy = Policies.Find(child.PolicyName);
            if (policy is null || !policy.LocalSelectors.SequenceEqual(child.LocalSelectors)
                || !policy.RemoteSelectors.SequenceEqual(child.RemoteSelectors))
            {
                // A new policy, or a rekey that narrowed to other selectors: the new SA's selectors rule from now on.
                if (policy is not null)
                {
                    Policies.Remove(policy);
                    removed = policy;
                }
                var replaced = policy;
                policy = new SecurityPolicy(child.PolicyName, child.LocalSelectors, child.RemoteSelectors);
                Policies.Add(policy);
                added = policy;
                if (replaced is not null)
                    foreach (var entry in _byInbound.Values.Where(e => e.Policy == replaced)) entry.Policy = policy;
            }

            var installed = new InstalledChildSa(child, policy, inbound, outbound)
            {
                TunnelMtu = TunnelMtu(_uplinkMtu(child.Endpoints), child.Endpoints, child.Suite),
            };
            inbound.TunnelMtu = outbound.TunnelMtu = installed.TunnelMtu;
            // Inbound first: the peer may send on the new SA as soon as it has it.
            Inbound.Add(inbound);
            _byInbound[child.InboundSpi] = installed;
            // Whatever was waiting for its peer before is superseded by this newer SA.
            foreach (var other in _byInbound.Values)
                if (other.Policy == policy) other.AwaitingPeer = false;
            var predecessor = child.ReplacesInboundSpi is { } old && _byInbound.TryGetValue(old, out var found) ? found : null;
            if (child.DeferOutboundSwitch && predecessor is not null && policy.Target?.Sa == predecessor.Outbound)
            {
                // The peer initiated this rekey and has the new SA once it reads our response: follow it (RFC 7296 §2.8).
                installed.AwaitingPeer = true;
                inbound.OnFirstDelivered(() => SwitchWhenPeerReady(installed, predecessor));
            }
            else
            {
                // Make-before-break: outbound traffic moves to the newest SA in one reference write.
                policy.Target = new PolicyTarget(outbound, installed.Endpoints, installed.TunnelMtu);
            }
        }
        if (removed is not null) PolicyRemoved?.Invoke(removed);
        if (added is not null) PolicyAdded?.Invoke(added);
    }

    /// <summary>
    /// The peer sent on a CHILD_SA we installed as the responder of its rekey: it has the new SA, so outbound moves
    /// there, unless the one it replaced is no longer the policy's (removed, or a newer rekey took over). Runs once,
    /// on a receive thread; the lock is the control plane's, taken once per rekey, never per packet.
    /// </summary>
    private void SwitchWhenPeerReady(InstalledChildSa entry, InstalledChildSa replaced)
    {
        lock (_gate)
        {
            if (!entry.AwaitingPeer || !_byInbound.ContainsKey(entry.Inbound.Spi)) return;
            entry.AwaitingPeer = false;
            if (entry.Policy.Target?.Sa == replaced.Outbound)
                entry.Policy.Target = new PolicyTarget(entry.Outbound, entry.Endpoints, entry.TunnelMtu);
        }
    }

    public bool UpdateEndpoints(uint inboundSpi, EspEndpoints endpoints)
    {
        lock (_gate)
        {
            if (!_byInbound.TryGetValue(inboundSpi, out var entry)) return false;
            entry.Endpoints = endpoints;
            entry.TunnelMtu = TunnelMtu(_uplinkMtu(endpoints), endpoints, entry.Outbound.Suite);
            entry.Inbound.TunnelMtu = entry.Outbound.TunnelMtu = entry.TunnelMtu;
            if (entry.Policy.Target?.Sa == entry.Outbound)
                entry.Policy.Target = new PolicyTarget(entry.Outbound, endpoints, entry.TunnelMtu);
            return true;
        }
    }

    /// <summary>Removes a CHILD_SA; its policy falls back to the newest remaining SA of the same policy, or goes.</summary>
    public bool Remove(uint inboundSpi, uint outboundSpi)
    {
        SecurityPolicy? removed = null;
        lock (_gate)
        {
            if (!_byInbound.TryGetValue(inboundSpi, out var entry))
            {
                entry = _byInbound.Values.FirstOrDefault(e => e.Outbound.Spi == outboundSpi);
                if (entry is null) return false;
            }
            _byInbound.Remove(entry.Inbound.Spi);
            Inbound.Remove(entry.Inbound.Spi);
            var policy = entry.Policy;
            if (policy.Target?.Sa == entry.Outbound)
            {
                var successor = _byInbound.Values.Where(e => e.Policy == policy).MaxBy(e => e.Outbound.InstalledAt);
                if (successor is not null)
                {
                    // Also how a rekey we answered completes: the peer deletes the old SA, outbound follows.
                    successor.AwaitingPeer = false;
                    policy.Target = new PolicyTarget(successor.Outbound, successor.Endpoints, successor.TunnelMtu);
                }
                else
                {
                    policy.Target = null;
                    Policies.Remove(policy);
                    removed = policy;
                }
            }
            // Disposed under each SA's own lock: a packet in flight either finished or finds the SA gone (dropped).
            entry.Inbound.Dispose();
            entry.Outbound.Dispose();
        }
        if (removed is not null) PolicyRemoved?.Invoke(removed);
        return true;
    }

    public EspChildSaStatus? GetStatus(uint inboundSpi)
    {
        lock (_gate) return _byInbound.TryGetValue(inboundSpi, out var entry) ? Describe(entry) : null;
    }

    /// <summary>
    /// The largest tunnel MTU among the installed (not superseded) CHILD_SAs, or null when there are none. Called
    /// on every install and removal, so it walks the table without building status records (a hub with thousands
    /// of SAs must not pay for a full <see cref="Snapshot"/> per change).
    /// </summary>
    public int? MaxInstalledTunnelMtu()
    {
        lock (_gate)
        {
            int? max = null;
            foreach (var entry in _byInbound.Values)
                if (!entry.Superseded && (max is null || entry.TunnelMtu > max)) max = entry.TunnelMtu;
            return max;
        }
    }

    public IReadOnlyList<EspChildSaStatus> Snapshot()
    {
        lock (_gate)
            return _byInbound.Values.OrderBy(e => e.Connection, StringComparer.Ordinal).ThenBy(e => e.Child, StringComparer.Ordinal)
                .ThenBy(e => e.UniqueId).Select(Describe).ToList();
    }

    /// <summary>
    /// Evaluates every SA's lifetime. A superseded SA's outbound side is not reported (it was rekeyed already); its
    /// inbound side is, so IKE can delete it when it hard-expires.
    /// </summary>
    public IReadOnlyList<EspSaExpiry> CheckLifetimes()
    {
        var expiries = new List<EspSaExpiry>();
        lock (_gate)
        {
            foreach (var entry in _byInbound.Values)
            {
                if (entry.Inbound.CheckLifetime() is { } inbound) expiries.Add(inbound);
                if (!entry.Superseded && entry.Outbound.CheckLifetime() is { } outbound) expiries.Add(outbound);
            }
        }
        return expiries;
    }

    private static EspChildSaStatus Describe(InstalledChildSa entry)
    {
        var state = (EspSaLifetimeState)Math.Max((int)entry.Inbound.State, (int)entry.Outbound.State);
        var lifetime = state.ToString();
        return new EspChildSaStatus
        {
            Connection = entry.Connection,
            Child = entry.Child,
            UniqueId = entry.UniqueId,
            State = entry.Superseded ? "rekeyed" : "installed",
            InboundSpi = entry.Inbound.Spi.ToString("x8"),
            OutboundSpi = entry.Outbound.Spi.ToString("x8"),
            Suite = entry.Outbound.Suite.Name,
            ExtendedSequenceNumbers = entry.Outbound.ExtendedSequenceNumbers,
            Encapsulation = entry.Endpoints.UdpEncapsulation ? "esp-in-udp" : "esp",
            LocalEndpoint = entry.Endpoints.Local.ToString(),
            RemoteEndpoint = entry.Endpoints.Remote.ToString(),
            LocalSelectors = [.. entry.Policy.LocalSelectors.Select(s => s.ToString())],
            RemoteSelectors = [.. entry.Policy.RemoteSelectors.Select(s => s.ToString())],
            TunnelMtu = entry.TunnelMtu,
            BytesIn = entry.Inbound.Bytes,
            PacketsIn = entry.Inbound.Packets,
            BytesOut = entry.Outbound.Bytes,
            PacketsOut = entry.Outbound.Packets,
            SequenceIn = entry.Inbound.HighestSequence,
            SequenceOut = entry.Outbound.NextSequence - 1,
            InstalledAt = entry.Inbound.InstalledAt,
            IdleInSeconds = entry.Inbound.IdleFor?.TotalSeconds,
            IdleOutSeconds = entry.Outbound.IdleFor?.TotalSeconds,
            DropsIn = entry.Inbound.Drops.Snapshot(),
            DropsOut = entry.Outbound.Drops.Snapshot(),
            Lifetime = char.ToLowerInvariant(lifetime[0]) + lifetime[1..],
        };
    }

    /// <summary>The inbound SA's last-packet timestamp for on-demand DPD (IKE skips a check while ESP arrives).</summary>
    public long? LastInboundTimestamp(uint inboundSpi)
    {
        lock (_gate) return _byInbound.TryGetValue(inboundSpi, out var entry) ? entry.Inbound.LastUsedTimestamp : null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _byInbound.Values)
            {
                entry.Inbound.Dispose();
                entry.Outbound.Dispose();
            }
            _byInbound.Clear();
        }
    }
}
