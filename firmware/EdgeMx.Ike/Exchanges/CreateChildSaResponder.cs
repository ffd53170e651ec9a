using System.Buffers.Binary;
using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// CREATE_CHILD_SA as responder: a new CHILD_SA, a CHILD_SA rekey (N(REKEY_SA)) or an IKE SA rekey (an SA payload
/// for protocol IKE). Requests that collide with our own exchanges are answered as RFC 7296 §2.8.1/§2.8.2 and §2.25
/// say: a simultaneous rekey of the same SA is accepted and resolved by nonces once both exchanges are done;
/// anything that cannot proceed right now gets TEMPORARY_FAILURE and is retried by the peer.
/// </summary>
internal static class CreateChildSaResponder
{
    public static IReadOnlyList<IkePayload> Handle(IkeSa sa, IkeMessage request)
    {
        var saPayload = request.Get<SecurityAssociationPayload>();
        var nonce = request.Get<NoncePayload>();
        if (saPayload is null || nonce is null) throw IkeProtocolException.Syntax("CREATE_CHILD_SA without SA or Ni");
        if (saPayload.Proposals.Any(p => p.Protocol == ProtocolId.Ike)) return RekeyIkeSa(sa, request, saPayload, nonce);
        if (sa.State != IkeSaState.Established) return [new NotifyPayload(NotifyType.TemporaryFailure)];
        if (request.GetNotify(NotifyType.RekeySa) is { } rekey) return RekeyChildSa(sa, request, rekey, nonce);
        return CreateChild(sa, request, nonce, replaces: null, collision: null);
    }

    private static IReadOnlyList<IkePayload> RekeyChildSa(IkeSa sa, IkeMessage request, NotifyPayload rekey, NoncePayload nonce)
    {
        if (rekey.Spi.Length != 4) throw IkeProtocolException.Syntax("REKEY_SA without a 4-octet SPI");
        var old = sa.FindChildByOutbound(BinaryPrimitives.ReadUInt32BigEndian(rekey.Spi));
        if (old is null || old.State == ChildSaState.Deleting)
            return [new NotifyPayload(ProtocolId.Esp, rekey.Spi, NotifyType.ChildSaNotFound, [])];
        if (old.State == ChildSaState.Rekeyed) return [new NotifyPayload(NotifyType.TemporaryFailure)];

        var ours = sa.ActiveExchange as ChildRekeyExchange;
        if (ours?.Old != old) ours = null;
        // Our rekey of the same SA not sent yet: the peer's does the job.
        var queued = sa.QueuedExchanges.OfType<ChildRekeyExchange>().FirstOrDefault(e => e.Old == old);
        if (queued is not null) sa.Unqueue(queued);
        return CreateChild(sa, request, nonce, old, ours);
    }

    private static IReadOnlyList<IkePayload> CreateChild(IkeSa sa, IkeMessage request, NoncePayload nonce, ChildSa? replaces,
        ChildRekeyExchange? collision)
    {
        var decision = ChildNegotiation.Respond(sa, request, replaces?.Settings, withKeyExchange: true);
        if (decision.Error is { } error) return [error];
        var proposal = decision.Proposal!;

        var response = new List<IkePayload>();
        byte[] pfs = [];
        IKeyExchange? keyExchange = null;
        try
        {
            if (proposal.KeyExchange is { } group)
            {
                var ke = request.Get<KeyExchangePayload>();
                if (ke is null || ke.Group != group.Number)
                {
                    if (ke is not null)
                        sa.Report(IkeEvents.InvalidKeRequested(sa.Name, sa.Remote,
                            TransformCatalog.FindKeyExchange(ke.Group)?.Name ?? $"group {ke.Group}", group.Name));
                    return [InvalidKe(group)];
                }
                keyExchange = sa.Engine.Crypto.CreateKeyExchange(group.Group);
                pfs = IkeKeying.SharedSecret(keyExchange, group, ke.Data, out var problem)
                      ?? throw IkeProtocolException.Syntax(problem ?? "bad KE");
            }
            var ourNonce = sa.NewNonce();
            var spi = sa.Engine.AllocateChildSpi();
            var keys = KeyDerivation.ChildSaKeys(sa.Engine.Crypto, sa.Proposal!.Prf!, sa.Keys!.SkD, proposal, pfs, nonce.Data, ourNonce);
            var child = sa.InstallChild(decision.Child!, spi, BinaryPrimitives.ReadUInt32BigEndian(proposal.Spi), proposal, keys,
                decision.Tsr, decision.Tsi, nonce.Data, ourNonce, createdByUs: false, replaces);

            if (replaces is not null)
            {
                if (collision is not null)
                {
                    collision.NoteCollision(child);
                }
                else
                {
                    // The peer rekeyed it and will delete the old one; remove it ourselves if it never does.
                    replaces.State = ChildSaState.Rekeyed;
                    replaces.RemoveAt = sa.Clock.After(TimeSpan.FromSeconds(30));
                }
            }

            response.AddRange(ChildNegotiation.ResponderPayloads(decision, spi).Take(1));
            response.Add(new NoncePayload(ourNonce));
            if (keyExchange is not null) response.Add(new KeyExchangePayload(proposal.KeyExchange!.Number, keyExchange.PublicKey.ToArray()));
            response.AddRange(ChildNegotiation.ResponderPayloads(decision, spi).Skip(1));
            return response;
        }
        finally
        {
            keyExchange?.Dispose();
            Array.Clear(pfs);
        }
    }

    private static IReadOnlyList<IkePayload> RekeyIkeSa(IkeSa sa, IkeMessage request, SecurityAssociationPayload saPayload,
        NoncePayload nonce)
    {
        var ours = sa.ActiveExchange as IkeRekeyExchange;
        if (sa.State != IkeSaState.Established || sa.ActiveExchange is ChildSaCreationExchange)
            return [new NotifyPayload(NotifyType.TemporaryFailure)];

        var offered = saPayload.Proposals.Where(p => p.Protocol == ProtocolId.Ike && p.Spi.Length == 8).ToList();
        var selected = ProposalSelector.Select(sa.Settings.IkeProposals, offered);
        if (selected is null)
        {
            sa.Report(IkeEvents.NoProposalChosenIke(sa.Name, sa.Remote, ProposalParser.Format(sa.Settings.IkeProposals),
                ProposalSelector.Describe(saPayload.Proposals), weRejected: true));
            return [new NotifyPayload(NotifyType.NoProposalChosen)];
        }
        var group = selected.KeyExchange!;
        var ke = request.Get<KeyExchangePayload>();
        if (ke is null || ke.Group != group.Number) return [InvalidKe(group)];

        using var keyExchange = sa.Engine.Crypto.CreateKeyExchange(group.Group);
        var shared = IkeKeying.SharedSecret(keyExchange, group, ke.Data, out var problem)
                     ?? throw IkeProtocolException.Syntax(problem ?? "bad KE");
        var spiR = sa.Engine.AllocateIkeSpi();
        var ourNonce = sa.NewNonce();
        var newSa = sa.Engine.CreateRekeyedSa(sa, originalInitiator: false, spiI: BinaryPrimitives.ReadUInt64BigEndian(selected.Spi),
            spiR: spiR, nonceI: nonce.Data, nonceR: ourNonce, selected, shared);

        if (ours is not null) ours.NoteCollision(newSa);
        else sa.AfterResponse(() => sa.Engine.CompleteIkeRekey(sa, newSa, weDeleteOld: false));

        return
        [
            new SecurityAssociationPayload([selected.ToWire(IkeSa.SpiBytes(spiR))]),
            new NoncePayload(ourNonce),
            new KeyExchangePayload(group.Number, keyExchange.PublicKey.ToArray()),
        ];
    }

    private static NotifyPayload InvalidKe(KeyExchangeTransform group)
    {
        var data = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(data, group.Number);
        return new NotifyPayload(NotifyType.InvalidKePayload, data);
    }
}
