using EdgeMx.Ike.Config;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// IKE_AUTH as initiator with a pre-shared key (RFC 7296 §1.2, §2.15), creating the first CHILD_SA:
/// <code>
/// HDR, SK {IDi, [N(INITIAL_CONTACT)], [IDr], AUTH, SAi2, TSi, TSr}  -->
///                                 &lt;--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
///                                 &lt;--  HDR, SK {IDr, AUTH, N(NO_PROPOSAL_CHOSEN | TS_UNACCEPTABLE | …)}
///                                 &lt;--  HDR, SK {IDr, AUTH, N(REDIRECT)}             (RFC 5685 §5)
///                                 &lt;--  HDR, SK {N(AUTHENTICATION_FAILED)}
/// </code>
/// A CHILD_SA failure leaves the IKE SA up (phase 1 up, phase 2 down: seed 000's amber).
/// </summary>
internal sealed class IkeAuthExchange : Exchange
{
    private readonly ChildSaSettings? _child;
    private uint _childSpi;

    public IkeAuthExchange(IkeSa sa)
    {
        _child = sa.Settings.Children.FirstOrDefault();
    }

    public override ExchangeType Type => ExchangeType.IkeAuth;

    public override string Name => "IKE_AUTH";

    public override IReadOnlyList<IkePayload> BuildRequest(IkeSa sa)
    {
        var idi = sa.Settings.LocalId.ToPayload(initiator: true);
        var auth = PskAuthentication.Compute(sa.Engine.Crypto, sa.Proposal!.Prf!, sa.Settings.PreSharedKey, sa.InitRequest,
            sa.NonceR, sa.Keys!.SkPi, idi.GetBody());
        var payloads = new List<IkePayload> { idi };
        // INITIAL_CONTACT: this is our only IKE SA with the peer, it may drop whatever it still holds from us (§2.4).
        if (sa.Connection is not null) payloads.Add(new NotifyPayload(NotifyType.InitialContact));
        if (!sa.Settings.RemoteId.IsAny) payloads.Add(sa.Settings.RemoteId.ToPayload(initiator: false));
        payloads.Add(new AuthenticationPayload(AuthenticationMethod.SharedKeyMessageIntegrityCode, auth));
        if (_child is not null)
        {
            if (_childSpi == 0) _childSpi = sa.Engine.AllocateChildSpi();
            payloads.Add(ChildNegotiation.InitiatorSa(_child, _childSpi, withKeyExchange: false));
            payloads.Add(new TrafficSelectorPayload(true, _child.LocalSelectors));
            payloads.Add(new TrafficSelectorPayload(false, _child.RemoteSelectors));
        }
        return payloads;
    }

    public override ExchangeOutcome ProcessResponse(IkeSa sa, IkeMessage response)
    {
        var idr = response.All<IdentificationPayload>().FirstOrDefault(i => !i.IsInitiator);
        var auth = response.Get<AuthenticationPayload>();
        if (idr is null || auth is null)
        {
            ReleaseSpi(sa);
            var error = response.FirstError;
            if (error?.NotifyType == NotifyType.AuthenticationFailed)
            {
                sa.Report(IkeEvents.AuthenticationFailed(sa.Name, sa.Remote,
                    $"the peer answered AUTHENTICATION_FAILED: it could not verify us with its pre-shared key, or it does "
                    + $"not accept our identity {sa.Settings.LocalId}", sa.Settings.LocalId.ToString(), null, sa.Settings.RemoteId.ToString()));
            }
            else
            {
                sa.Report(IkeEvents.ExchangeFailed(sa.Name, sa.Remote, Name,
                    error is null ? "a response without IDr and AUTH" : NotifyTypes.Name(error.NotifyType), 1));
            }
            sa.Close("IKE_AUTH failed", reconnect: true, report: false);
            return ExchangeOutcome.Completed;
        }

        var peerId = IkeIdentity.FromPayload(idr);
        if (!sa.Settings.RemoteId.Matches(peerId))
        {
            ReleaseSpi(sa);
            sa.Report(IkeEvents.AuthenticationFailed(sa.Name, sa.Remote,
                $"the peer identified itself as {peerId}, we expect {sa.Settings.RemoteId} (ID mismatch)",
                sa.Settings.LocalId.ToString(), peerId.ToString(), sa.Settings.RemoteId.ToString()));
            sa.Delete("authentication failed", reconnect: true);
            return ExchangeOutcome.Completed;
        }
        var expected = PskAuthentication.Compute(sa.Engine.Crypto, sa.Proposal!.Prf!, sa.Settings.PreSharedKey, sa.InitResponse,
            sa.NonceI, sa.Keys!.SkPr, idr.GetBody());
        if (auth.Method != AuthenticationMethod.SharedKeyMessageIntegrityCode || !PskAuthentication.Verify(expected, auth.Data))
        {
            ReleaseSpi(sa);
            sa.Report(IkeEvents.AuthenticationFailed(sa.Name, sa.Remote,
                auth.Method != AuthenticationMethod.SharedKeyMessageIntegrityCode
                    ? $"the peer authenticated with method {(byte)auth.Method}, not a pre-shared key"
                    : "the peer's AUTH does not verify with our pre-shared key (PSK mismatch)",
                sa.Settings.LocalId.ToString(), peerId.ToString(), sa.Settings.RemoteId.ToString()));
            sa.Delete("authentication failed", reconnect: true);
            return ExchangeOutcome.Completed;
        }

        sa.PeerId = peerId;
        sa.OnEstablished();

        if (response.GetNotify(NotifyType.Redirect) is { } redirect)
        {
            ReleaseSpi(sa);
            try
            {
                sa.Engine.FollowRedirect(sa, RedirectData.Decode(redirect.Data), "IKE_AUTH");
            }
            catch (IkeProtocolException e)
            {
                sa.Report(IkeEvents.RedirectIgnored(sa.Name, sa.Remote, "?", $"malformed REDIRECT ({e.Message})",
                    RedirectRefusal.Malformed));
            }
            return ExchangeOutcome.Completed;
        }

        if (_child is not null)
        {
            var child = ChildNegotiation.CompleteInitiator(sa, _child, _childSpi, response, sa.NonceI, sa.NonceR, [],
                withKeyExchange: false, replaces: null);
            if (child is null) sa.ScheduleChildRetry(_child);
        }
        foreach (var missing in sa.MissingChildren().Where(c => c != _child)) sa.Queue(new CreateChildExchange(sa, missing));
        return ExchangeOutcome.Completed;
    }

    private void ReleaseSpi(IkeSa sa)
    {
        if (_childSpi != 0) sa.Engine.ReleaseChildSpi(_childSpi);
        _childSpi = 0;
    }

    public override void OnTimeout(IkeSa sa, int transmissions, TimeSpan tried)
    {
        ReleaseSpi(sa);
        sa.Report(IkeEvents.NoResponse(sa.Name, sa.Remote, Name, transmissions, tried, established: false));
        sa.Close("no response to IKE_AUTH", reconnect: true, report: false);
    }

    public override void Abandon(IkeSa sa) => ReleaseSpi(sa);
}
