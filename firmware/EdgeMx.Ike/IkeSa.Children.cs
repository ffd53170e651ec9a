using EdgeMx.Ike.Config;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Exchanges;
using EdgeMx.Ike.Messages.Payloads;
using EdgeMx.Ike.Selectors;

namespace EdgeMx.Ike;

/// <summary>The CHILD_SAs of this IKE SA: installing them (handing keys to the data plane), removing them, finding them.</summary>
public sealed partial class IkeSa
{
    private readonly List<ChildSa> _children = [];
    private readonly Dictionary<string, int> _childFailures = [];

    public IReadOnlyList<ChildSa> Children => _children;

    internal ChildSa? FindChildByInbound(uint spi) => _children.FirstOrDefault(c => c.InboundSpi == spi);

    internal ChildSa? FindChildByOutbound(uint spi) => _children.FirstOrDefault(c => c.OutboundSpi == spi);

    /// <summary>
    /// Records a negotiated CHILD_SA and asks the host to install it. KEYMAT's first half protects traffic from the
    /// initiator of the creating exchange (RFC 7296 §2.17), so which half is "outbound" depends on who initiated it.
    /// </summary>
    internal ChildSa InstallChild(ChildSaSettings settings, uint inboundSpi, uint outboundSpi, SelectedProposal proposal,
        ChildSaKeys keys, IReadOnlyList<TrafficSelector> local, IReadOnlyList<TrafficSelector> remote, byte[] nonceI,
        byte[] nonceR, bool createdByUs, ChildSa? replaces)
    {
        var child = new ChildSa(settings, Engine.NextUniqueId(), inboundSpi, outboundSpi, proposal, local, remote, nonceI,
            nonceR, createdByUs)
        {
            EstablishedAt = Clock.Now,
            RekeyCount = replaces is null ? 0 : replaces.RekeyCount + 1,
        };
        child.RekeyAt = Clock.After(settings.Lifetime.RekeyAfter(Engine.NextRandomFraction()));
        child.ExpireAt = Clock.After(settings.Lifetime.Lifetime);
        _children.Add(child);
        Engine.IndexChild(this, child);
        Engine.Touch(this);
        _childFailures.Remove(settings.Name);
        if (replaces is { Replaced: false })
        {
            // Once per rekey: in a collision (§2.8.1) both new CHILD_SAs name the same old one.
            replaces.Replaced = true;
            Engine.CountChildRekey(Name);
        }

        Emit(new InstallChildSa(new ChildSaDescription
        {
            Connection = Name,
            Child = settings.Name,
            UniqueId = child.UniqueId,
            InboundSpi = inboundSpi,
            OutboundSpi = outboundSpi,
            Encryption = proposal.Encryption,
            Integrity = proposal.Integrity,
            ExtendedSequenceNumbers = proposal.Esn == ExtendedSequenceNumbers.Yes,
            OutboundEncryptionKey = createdByUs ? keys.EncryptionInitiator : keys.EncryptionResponder,
            OutboundIntegrityKey = createdByUs ? keys.IntegrityInitiator : keys.IntegrityResponder,
            InboundEncryptionKey = createdByUs ? keys.EncryptionResponder : keys.EncryptionInitiator,
            InboundIntegrityKey = createdByUs ? keys.IntegrityResponder : keys.IntegrityInitiator,
            LocalSelectors = local,
            RemoteSelectors = remote,
            LocalEndpoint = Local,
            RemoteEndpoint = Remote,
            UdpEncapsulation = UsesEncapsulation,
            Lifetime = settings.Lifetime.Lifetime,
            ReplacesInboundSpi = replaces?.InboundSpi,
            // RFC 7296 §2.8: the rekey's initiator moves to the new SA and deletes the old one; the responder follows.
            DeferOutboundSwitch = replaces is not null && !createdByUs,
        }));
        Report(IkeEvents.ChildEstablished(Name, settings.Name, inboundSpi, outboundSpi, proposal.Name,
            TrafficSelectorNarrowing.Format(local), TrafficSelectorNarrowing.Format(remote),
            replaces is null ? "established" : "rekeyed"));
        Changed();
        return child;
    }

    /// <summary>Removes a CHILD_SA from the data plane and from this SA.</summary>
    internal void RemoveChild(ChildSa child, string reason, bool report = true, string? check = null)
    {
        if (!_children.Remove(child)) return;
        Engine.Retire(Name, child);
        Emit(new RemoveChildSa(Name, child.Name, child.InboundSpi, child.OutboundSpi, child.Usage));
        Engine.ReleaseChildSpi(child.InboundSpi);
        if (report) Report(IkeEvents.ChildDeleted(Name, child.Name, child.InboundSpi, child.OutboundSpi, reason, check));
        Changed();
    }

    /// <summary>Moves the CHILD_SAs of a rekeyed IKE SA to its successor (RFC 7296 §2.18).</summary>
    internal void AdoptChildren(IkeSa from)
    {
        foreach (var child in from._children)
        {
            _children.Add(child);
            Engine.IndexChild(this, child);
        }
        from._children.Clear();
        foreach (var child in _children)
            if (!Local.Equals(from.Local) || !Remote.Equals(from.Remote))
                Emit(new UpdateChildSaEndpoints(child.InboundSpi, Local, Remote, UsesEncapsulation));
    }

    /// <summary>
    /// A CHILD_SA we initiate could not be created (phase 2 down, phase 1 up): try again later with the connection's
    /// back-off, so the tunnel heals by itself once the peer's configuration is fixed.
    /// </summary>
    internal void ScheduleChildRetry(ChildSaSettings child)
    {
        if (Connection is null) return;
        var failures = _childFailures.GetValueOrDefault(child.Name) + 1;
        _childFailures[child.Name] = failures;
        Defer(Engine.Backoff(Settings, failures), () =>
        {
            if (State == IkeSaState.Established && _children.All(c => c.Name != child.Name)
                && !IsQueuedOrActive(e => e is CreateChildExchange create && create.Child == child))
                Queue(new CreateChildExchange(this, child));
        });
    }

    /// <summary>Settings of the child a CHILD_SA (or a failed attempt) belongs to, by name.</summary>
    internal ChildSaSettings? ChildSettings(string name) => Settings.Children.FirstOrDefault(c => c.Name == name);

    /// <summary>Children of the connection that have no installed CHILD_SA (to create after IKE_AUTH, or retry).</summary>
    internal IEnumerable<ChildSaSettings> MissingChildren() =>
        Settings.Children.Where(c => _children.All(x => x.Name != c.Name));
}
