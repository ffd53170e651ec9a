using System.Buffers.Binary;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// IKE_AUTH as responder (RFC 7296 §1.2, §2.15): find the connection whose remote identity matches IDi, verify the
/// initiator's AUTH with its pre-shared key, answer with ours and the first CHILD_SA (or the reason it cannot be
/// created, the IKE SA staying up). Optionally redirect the client here (RFC 5685 §5) instead of creating a
/// CHILD_SA.
/// </summary>
internal static class IkeAuthResponder
{
    public static IReadOnlyList<IkePayload> Handle(IkeSa sa, IkeMessage request)
    {
        if (sa.IsOriginalInitiator || sa.State != IkeSaState.Connecting)
            throw IkeProtocolException.Syntax("unexpected IKE_AUTH request");
        var idi = request.All<IdentificationPayload>().FirstOrDefault(i => i.IsInitiator);
        var idr = request.All<IdentificationPayload>().FirstOrDefault(i => !i.IsInitiator);
        var auth = request.Get<AuthenticationPayload>();
        if (idi is null || auth is null) throw IkeProtocolException.Syntax("IKE_AUTH request without IDi or AUTH");

        var peerId = IkeIdentity.FromPayload(idi);
        var requestedId = idr is null ? null : IkeIdentity.FromPayload(idr);
        var candidates = sa.Engine.CandidateSettings(sa.Remote.Address).Where(c => c.RemoteId.Matches(peerId)).ToList();
        var settings = candidates.FirstOrDefault(c => requestedId is null || c.LocalId.Equals(requestedId)) ?? candidates.FirstOrDefault();
        if (settings is null)
        {
            sa.Report(IkeEvents.AuthenticationFailed(sa.Name, sa.Remote,
                $"the peer identifies itself as {peerId}, which no tunnel for {sa.Remote.Address} accepts (ID mismatch)",
                sa.Settings.LocalId.ToString(), peerId.ToString(), sa.Settings.RemoteId.ToString()));
            return Reject(sa);
        }

        var expected = PskAuthentication.Compute(sa.Engine.Crypto, sa.Proposal!.Prf!, settings.PreSharedKey, sa.InitRequest,
            sa.NonceR, sa.Keys!.SkPi, idi.GetBody());
        if (auth.Method != AuthenticationMethod.SharedKeyMessageIntegrityCode || !PskAuthentication.Verify(expected, auth.Data))
        {
            sa.Settings = settings;
            sa.Report(IkeEvents.AuthenticationFailed(sa.Name, sa.Remote,
                $"the AUTH of {peerId} does not verify with our pre-shared key (PSK mismatch)",
                settings.LocalId.ToString(), peerId.ToString(), settings.RemoteId.ToString()));
            return Reject(sa);
        }

        sa.Settings = settings;
        sa.PeerId = peerId;
        if (request.HasNotify(NotifyType.InitialContact)) sa.Engine.DropStaleSas(sa);

        var ourId = settings.LocalId.ToPayload(initiator: false);
        var ourAuth = PskAuthentication.Compute(sa.Engine.Crypto, sa.Proposal!.Prf!, settings.PreSharedKey, sa.InitResponse,
            sa.NonceI, sa.Keys!.SkPr, ourId.GetBody());
        var response = new List<IkePayload>
        {
            ourId,
            new AuthenticationPayload(AuthenticationMethod.SharedKeyMessageIntegrityCode, ourAuth),
        };
        sa.OnEstablished();

        if (sa.PeerSupportsRedirect && sa.Engine.RedirectOnAuth?.Invoke(sa) is { } gateway)
        {
            response.Add(new NotifyPayload(NotifyType.Redirect, RedirectData.ForAddress(gateway).Encode()));
            sa.Report(IkeEvents.RedirectSent(sa.Name, sa.Remote, gateway.ToString(), "IKE_AUTH"));
            sa.Defer(sa.Engine.Options.HalfOpenTimeout, () => sa.Delete("redirected to another gateway", reconnect: false));
            return response;
        }

        if (request.Get<SecurityAssociationPayload>() is not null)
        {
            var decision = ChildNegotiation.Respond(sa, request, only: null, withKeyExchange: false);
            if (decision.Error is { } error)
            {
                response.Add(error);
            }
            else
            {
                var spi = sa.Engine.AllocateChildSpi();
                var outbound = BinaryPrimitives.ReadUInt32BigEndian(decision.Proposal!.Spi);
                var keys = KeyDerivation.ChildSaKeys(sa.Engine.Crypto, sa.Proposal.Prf!, sa.Keys.SkD, decision.Proposal, [],
                    sa.NonceI, sa.NonceR);
                sa.InstallChild(decision.Child!, spi, outbound, decision.Proposal, keys, decision.Tsr, decision.Tsi,
                    sa.NonceI, sa.NonceR, createdByUs: false, replaces: null);
                response.AddRange(ChildNegotiation.ResponderPayloads(decision, spi));
            }
        }
        return response;
    }

    private static IReadOnlyList<IkePayload> Reject(IkeSa sa)
    {
        sa.AfterResponse(() => sa.Close("authentication failed", reconnect: false, report: false));
        return [new NotifyPayload(NotifyType.AuthenticationFailed)];
    }
}
