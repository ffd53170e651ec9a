using System.Buffers.Binary;
using System.Net;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// IKE_SA_INIT as responder (RFC 7296 §1.2, §2.6). Everything that rejects or redirects the initiator is answered
/// statelessly; only an acceptable request creates a (half-open) SA:
/// <code>
/// HDR, SAi1, KEi, Ni, N(NAT_D…), …  -->
///     &lt;--  HDR, N(COOKIE)                         above the half-open threshold, without a valid cookie
///     &lt;--  HDR, N(REDIRECT(gateway, Ni))          gateway policy (RFC 5685 §4.2)
///     &lt;--  HDR, N(NO_PROPOSAL_CHOSEN)
///     &lt;--  HDR, N(INVALID_KE_PAYLOAD(group))      KEi is not for the group we selected
///     &lt;--  HDR, SAr1, KEr, Nr, N(NAT_D…)
/// </code>
/// A retransmitted request gets the same response again.
/// </summary>
internal static class IkeSaInitResponder
{
    public static void Handle(IkeEngine engine, ReadOnlySpan<byte> datagram, IkeMessage request, IPEndPoint from, IPEndPoint to)
    {
        var header = request.Header;
        if (header.ResponderSpi != 0 || header.MessageId != 0 || !header.IsFromInitiator || header.InitiatorSpi == 0) return;

        if (engine.TryGetHalfOpen(header.InitiatorSpi, from, out var existing))
        {
            if (datagram.SequenceEqual(existing.InitRequest)) existing.ResendInitResponse(from, to);
            return;
        }

        var nonce = request.Get<NoncePayload>();
        var saPayload = request.Get<SecurityAssociationPayload>();
        var ke = request.Get<KeyExchangePayload>();
        if (nonce is null || saPayload is null || ke is null) return;

        if (engine.HalfOpenLimitReached()) return;
        if (engine.CookiesRequired())
        {
            // The COOKIE must be the first payload (§2.6).
            var cookie = request.Payloads[0] as NotifyPayload;
            if (cookie?.NotifyType != NotifyType.Cookie
                || !engine.Cookies.Verify(cookie.Data, nonce.Data, from.Address, header.InitiatorSpi))
            {
                engine.Counters.CookiesSent++;
                engine.SendUnprotected(header, from, to,
                    new NotifyPayload(NotifyType.Cookie, engine.Cookies.Create(nonce.Data, from.Address, header.InitiatorSpi)));
                return;
            }
        }

        var supportsRedirect = request.HasNotify(NotifyType.RedirectSupported) || request.HasNotify(NotifyType.RedirectedFrom);
        if (supportsRedirect && engine.RedirectOnInit?.Invoke(from) is { } gateway)
        {
            var name = engine.CandidateSettings(from.Address).FirstOrDefault()?.Name ?? "ike";
            engine.Emit(new ReportEvent(IkeEvents.RedirectSent(name, from, gateway.ToString(), "IKE_SA_INIT")));
            engine.SendUnprotected(header, from, to,
                new NotifyPayload(NotifyType.Redirect, RedirectData.ForAddress(gateway, nonce.Data).Encode()));
            return;
        }

        var candidates = engine.CandidateSettings(from.Address).ToList();
        var offered = saPayload.Proposals.Where(p => p.Protocol == ProtocolId.Ike && p.Spi.Length == 0).ToList();
        SelectedProposal? selected = null;
        var settings = candidates.FirstOrDefault(c => (selected = ProposalSelector.Select(c.IkeProposals, offered)) is not null);
        if (settings is null || selected is null)
        {
            var first = candidates.FirstOrDefault();
            engine.Emit(new ReportEvent(IkeEvents.NoProposalChosenIke(first?.Name ?? "ike", from,
                first is null ? "(no tunnel is configured for this address)" : ProposalParser.Format(first.IkeProposals),
                ProposalSelector.Describe(saPayload.Proposals), weRejected: true)));
            engine.SendUnprotected(header, from, to, new NotifyPayload(NotifyType.NoProposalChosen));
            return;
        }

        var group = selected.KeyExchange!;
        if (ke.Group != group.Number)
        {
            engine.Emit(new ReportEvent(IkeEvents.InvalidKeRequested(settings.Name, from,
                TransformCatalog.FindKeyExchange(ke.Group)?.Name ?? $"group {ke.Group}", group.Name)));
            var data = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(data, group.Number);
            engine.SendUnprotected(header, from, to, new NotifyPayload(NotifyType.InvalidKePayload, data));
            return;
        }

        using var keyExchange = engine.Crypto.CreateKeyExchange(group.Group);
        var shared = IkeKeying.SharedSecret(keyExchange, group, ke.Data, out _);
        if (shared is null)
        {
            engine.CountMalformed();
            return;
        }

        var sa = new IkeSa(engine, settings, originalInitiator: false, header.InitiatorSpi, engine.AllocateIkeSpi(), to, from)
        {
            NonceI = nonce.Data,
            InitRequest = datagram.ToArray(),
            PeerSupportsRedirect = supportsRedirect,
        };
        sa.NonceR = sa.NewNonce();
        IkeKeying.DeriveInitial(sa, selected, shared);
        sa.EvaluateNatDetection(request, from, to);

        var responseHeader = new IkeHeader(sa.SpiI, sa.SpiR, PayloadType.None, IkeHeader.Ikev2Major, 0,
            ExchangeType.IkeSaInit, IkeHeaderFlags.Response, 0, 0);
        var payloads = new List<IkePayload>
        {
            new SecurityAssociationPayload([selected.ToWire([])]),
            new KeyExchangePayload(group.Number, keyExchange.PublicKey.ToArray()),
            new NoncePayload(sa.NonceR),
        };
        if (request.HasNotify(NotifyType.NatDetectionSourceIp)) payloads.AddRange(sa.NatDetectionPayloads(sa.SpiI, sa.SpiR));
        var response = new IkeMessage(responseHeader, payloads).Encode();
        sa.CacheInitResponse(response);
        sa.HalfOpenDeadline = engine.Clock.After(engine.Options.HalfOpenTimeout);
        engine.Register(sa);
        engine.RegisterHalfOpen(sa, header.InitiatorSpi, from);
        engine.Emit(new SendDatagram(to, from, response));
        sa.Changed();
    }
}
