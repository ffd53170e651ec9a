using System.Buffers.Binary;
using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// Rekeying the IKE SA (RFC 7296 §1.3.2, §2.18):
/// <code>
/// HDR, SK {SA (with the new SPIi), Ni, KEi}  -->
///                          &lt;--  HDR, SK {SA (with the new SPIr), Nr, KEr}
/// </code>
/// The new IKE SA's SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr); it takes over the CHILD_SAs and starts its
/// Message IDs at zero; we then delete the old one.
/// <para>Collision (§2.8.2): if the peer rekeys the IKE SA at the same time, the new SA created with the lowest of
/// the four nonces is redundant and deleted by its initiator; the winner's initiator deletes the old SA.</para>
/// </summary>
internal sealed class IkeRekeyExchange : Exchange
{
    private readonly ulong _spi;
    private byte[] _nonce = [];
    private KeyExchangeTransform _group;
    private IKeyExchange? _keyExchange;
    private IkeSa? _collision;
    private int _keRetries;

    public IkeRekeyExchange(IkeSa sa)
    {
        _spi = sa.Engine.AllocateIkeSpi();
        _group = sa.Proposal?.KeyExchange ?? sa.Settings.IkeProposals.SelectMany(p => p.KeyExchange).First();
    }

    public override ExchangeType Type => ExchangeType.CreateChildSa;

    public override string Name => "CREATE_CHILD_SA (rekey IKE SA)";

    /// <summary>The peer rekeyed this IKE SA while our request was outstanding; answering it created <paramref name="theirs"/>.</summary>
    public void NoteCollision(IkeSa theirs) => _collision = theirs;

    public override IReadOnlyList<IkePayload> BuildRequest(IkeSa sa)
    {
        _nonce = sa.NewNonce();
        _keyExchange ??= sa.Engine.Crypto.CreateKeyExchange(_group.Group);
        var spi = IkeSa.SpiBytes(_spi);
        return
        [
            new SecurityAssociationPayload(sa.Settings.IkeProposals.Select((p, i) => p.ToWire((byte)(i + 1), spi)).ToList()),
            new NoncePayload(_nonce),
            new KeyExchangePayload(_group.Number, _keyExchange.PublicKey.ToArray()),
        ];
    }

    public override ExchangeOutcome ProcessResponse(IkeSa sa, IkeMessage response)
    {
        if (response.FirstError is { } error)
        {
            if (error.NotifyType == NotifyType.InvalidKePayload && error.Data.Length == 2 && _keRetries++ < 3)
            {
                var requested = BinaryPrimitives.ReadUInt16BigEndian(error.Data);
                if (sa.Settings.IkeProposals.SelectMany(p => p.KeyExchange).FirstOrDefault(k => k.Number == requested) is { } group)
                {
                    _keyExchange?.Dispose();
                    _keyExchange = null;
                    _group = group;
                    return ExchangeOutcome.Resend;
                }
            }
            Release(sa);
            if (error.NotifyType == NotifyType.NoProposalChosen)
                sa.Report(IkeEvents.NoProposalChosenIke(sa.Name, sa.Remote, ProposalParser.Format(sa.Settings.IkeProposals), null, false));
            else if (error.NotifyType != NotifyType.TemporaryFailure)
                sa.Report(IkeEvents.ExchangeFailed(sa.Name, sa.Remote, Name, NotifyTypes.Name(error.NotifyType), 1));
            RetryLater(sa, error.NotifyType == NotifyType.TemporaryFailure);
            return ExchangeOutcome.Completed;
        }

        var saPayload = response.Get<SecurityAssociationPayload>();
        var nonce = response.Get<NoncePayload>();
        var ke = response.Get<KeyExchangePayload>();
        string? problem = null;
        SelectedProposal? selected = null;
        byte[]? shared = null;
        if (saPayload is null || nonce is null || ke is null) problem = "the answer lacks SA, Nr or KE";
        else if (saPayload.Proposals.Count != 1 || saPayload.Proposals[0].Spi.Length != 8) problem = "the answer's SA is not one proposal with an 8-octet SPI";
        else if ((selected = ProposalSelector.Accept(sa.Settings.IkeProposals, saPayload.Proposals[0])) is null) problem = "the peer chose a proposal we did not offer";
        else if (ke.Group != _group.Number || selected.KeyExchange?.Number != ke.Group) problem = $"KE for group {ke.Group}, we sent {_group.Name}";
        else shared = IkeKeying.SharedSecret(_keyExchange!, _group, ke.Data, out problem);
        if (problem is not null || shared is null)
        {
            Release(sa);
            sa.Report(IkeEvents.ExchangeFailed(sa.Name, sa.Remote, Name, problem ?? "bad KE", 1));
            RetryLater(sa, temporary: false);
            return ExchangeOutcome.Completed;
        }

        var peerSpi = BinaryPrimitives.ReadUInt64BigEndian(saPayload!.Proposals[0].Spi);
        var ours = sa.Engine.CreateRekeyedSa(sa, originalInitiator: true, spiI: _spi, spiR: peerSpi, nonceI: _nonce,
            nonceR: nonce!.Data, selected!, shared);
        _keyExchange!.Dispose();
        _keyExchange = null;

        if (_collision is { State: not IkeSaState.Closed } theirs)
        {
            var lowest = new[] { ours.NonceI, ours.NonceR, theirs.NonceI, theirs.NonceR }.Min(NonceComparer.Instance)!;
            if (ReferenceEquals(lowest, ours.NonceI) || ReferenceEquals(lowest, ours.NonceR))
            {
                // Ours is redundant: delete it; theirs takes over; the peer deletes the old SA.
                sa.Engine.CompleteIkeRekey(sa, theirs, weDeleteOld: false);
                ours.Delete("redundant after an IKE SA rekey collision", reconnect: false);
                return ExchangeOutcome.Completed;
            }
            // Theirs is redundant: the peer deletes it; if it never does, it goes away by itself.
            theirs.Defer(TimeSpan.FromSeconds(30),
                () => theirs.Close("redundant after an IKE SA rekey collision", reconnect: false, report: false));
        }
        sa.Engine.CompleteIkeRekey(sa, ours, weDeleteOld: true);
        return ExchangeOutcome.Completed;
    }

    private void RetryLater(IkeSa sa, bool temporary)
    {
        if (_collision is { State: not IkeSaState.Closed } theirs)
        {
            // Ours failed, but the peer's rekey went through: use it.
            sa.Engine.CompleteIkeRekey(sa, theirs, weDeleteOld: false);
            return;
        }
        var delay = temporary
            ? TimeSpan.FromSeconds(1 + 4 * sa.Engine.NextRandomFraction())
            : sa.Engine.Backoff(sa.Settings, 1);
        sa.RekeyAt = sa.Clock.After(delay);
    }

    public override void OnTimeout(IkeSa sa, int transmissions, TimeSpan tried)
    {
        Release(sa);
        sa.Report(IkeEvents.NoResponse(sa.Name, sa.Remote, Name, transmissions, tried, established: true));
        sa.Engine.OnPeerDead(sa, "no response to the IKE SA rekey");
    }

    public override void Abandon(IkeSa sa)
    {
        Release(sa);
        // The SA goes away (the peer deleted it after winning a collision): the peer's new SA takes over.
        if (_collision is { State: not IkeSaState.Closed } theirs && sa.State != IkeSaState.Rekeying)
            sa.Engine.CompleteIkeRekey(sa, theirs, weDeleteOld: false);
    }

    private void Release(IkeSa sa)
    {
        _keyExchange?.Dispose();
        _keyExchange = null;
        sa.Engine.ReleaseIkeSpi(_spi);
    }
}
