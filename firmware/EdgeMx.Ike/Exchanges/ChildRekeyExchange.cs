using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// Rekeying a CHILD_SA (RFC 7296 §2.8): CREATE_CHILD_SA with N(REKEY_SA) naming the old SA, then, once the new one
/// is installed (make-before-break), an INFORMATIONAL deleting the old one.
/// <para>Collision (§2.8.1): if the peer rekeys the same CHILD_SA at the same time, both new SAs get created. The one
/// created with the lowest of the four nonces is redundant and is deleted by whoever initiated it; the other side's
/// winner deletes the old SA.</para>
/// </summary>
internal sealed class ChildRekeyExchange : ChildSaCreationExchange
{
    private readonly IkeSa _sa;
    private readonly ChildSa _old;
    private ChildSa? _collision;

    public ChildRekeyExchange(IkeSa sa, ChildSa old) : base(old.Settings)
    {
        _sa = sa;
        _old = old;
    }

    public ChildSa Old => _old;

    public override string Name => $"CREATE_CHILD_SA (rekey CHILD_SA {Child.Name})";

    protected override IReadOnlyList<TrafficSelector> LocalSelectors => _old.LocalSelectors;

    protected override IReadOnlyList<TrafficSelector> RemoteSelectors => _old.RemoteSelectors;

    protected override ChildSa? Replaces => _old;

    protected override IEnumerable<IkePayload> Prefix(IkeSa sa) =>
        [new NotifyPayload(ProtocolId.Esp, ChildNegotiation.SpiBytes(_old.InboundSpi), NotifyType.RekeySa, [])];

    /// <summary>The peer rekeyed the same CHILD_SA while our request was outstanding; we answered it with <paramref name="theirs"/>.</summary>
    public void NoteCollision(ChildSa theirs) => _collision = theirs;

    protected override void OnCreated(IkeSa sa, ChildSa ours)
    {
        if (_collision is { } theirs && sa.Children.Contains(theirs))
        {
            var lowest = new[] { ours.NonceI, ours.NonceR, theirs.NonceI, theirs.NonceR }.Min(NonceComparer.Instance)!;
            var oursRedundant = ReferenceEquals(lowest, ours.NonceI) || ReferenceEquals(lowest, ours.NonceR);
            if (oursRedundant)
            {
                // Ours lost: we delete the SA we created; the peer deletes the old one.
                ours.State = ChildSaState.Deleting;
                sa.Queue(new DeleteChildSaExchange(ours, "redundant after a rekey collision"));
                MarkReplaced(sa, _old);
                return;
            }
            // Theirs lost: the peer deletes it, we delete the old SA as usual.
            MarkReplaced(sa, theirs);
        }
        _old.State = ChildSaState.Deleting;
        sa.Queue(new DeleteChildSaExchange(_old, "replaced by a rekey")); // the reason a peer-initiated rekey gives too
    }

    /// <summary>The peer is expected to delete this SA; if it never does, remove it after a grace period.</summary>
    private static void MarkReplaced(IkeSa sa, ChildSa child)
    {
        child.State = ChildSaState.Rekeyed;
        child.RemoveAt = sa.Clock.After(TimeSpan.FromSeconds(30));
    }

    protected override void OnFailed(IkeSa sa)
    {
        // Keep the old SA and try again later (it still has until its hard lifetime).
        if (!sa.Children.Contains(_old)) return;
        _old.State = ChildSaState.Installed;
        _old.RekeyAt = sa.Clock.After(sa.Engine.Backoff(sa.Settings, 1));
    }

    protected override void OnChildSaNotFound(IkeSa sa)
    {
        // The peer no longer has the old SA: drop it and create a fresh one.
        if (sa.Children.Contains(_old)) sa.RemoveChild(_old, "the peer no longer knows it (CHILD_SA_NOT_FOUND)");
        if (sa.MissingChildren().Contains(Child)) sa.Queue(new CreateChildExchange(sa, Child));
    }

    protected override ChildSaCreationExchange Clone() => new ChildRekeyExchange(_sa, _old);

    public override void Abandon(IkeSa sa)
    {
        base.Abandon(sa);
        if (_old.State == ChildSaState.Rekeying) _old.State = ChildSaState.Installed;
    }

    /// <summary>The CHILD_SA moved to the new IKE SA: it is rekeyed there (it stays marked as rekeying).</summary>
    public override Exchange? ForSuccessor(IkeSa successor)
    {
        Release(_sa);
        return new ChildRekeyExchange(successor, _old);
    }
}

/// <summary>Nonces compared as unsigned octet strings, as RFC 7296 §2.8.1 compares them ("lowest of the four").</summary>
internal sealed class NonceComparer : IComparer<byte[]>
{
    public static readonly NonceComparer Instance = new();

    public int Compare(byte[]? x, byte[]? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var common = x.AsSpan().SequenceCompareTo(y);
        return common;
    }
}
