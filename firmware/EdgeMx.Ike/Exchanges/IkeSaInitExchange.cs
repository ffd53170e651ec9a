using System.Buffers.Binary;
using System.Net;
using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// IKE_SA_INIT as initiator (RFC 7296 §1.2):
/// <code>
/// HDR, [N(COOKIE),] SAi1, KEi, Ni, N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP),
///      N(REDIRECT_SUPPORTED) | N(REDIRECTED_FROM)  -->
///                               &lt;--  HDR, SAr1, KEr, Nr, N(NAT_DETECTION_*) [, CERTREQ]
///                               &lt;--  HDR, N(COOKIE) | N(INVALID_KE_PAYLOAD) | N(REDIRECT) | N(error)
/// </code>
/// A COOKIE or INVALID_KE_PAYLOAD answer makes us send the request again (same SPIi and nonce, at most five
/// times). A REDIRECT (RFC 5685 §4.1) is followed only if it carries our nonce; otherwise it is a forgery and we keep
/// waiting for the real answer (seed 004).
/// </summary>
internal sealed class IkeSaInitExchange : Exchange
{
    private const int MaxRetries = 5;
    private readonly IPAddress? _redirectedFrom;
    private KeyExchangeTransform _group;
    private IKeyExchange? _keyExchange;
    private byte[]? _cookie;
    private int _retries;

    public IkeSaInitExchange(IkeSa sa, IPAddress? redirectedFrom)
    {
        _redirectedFrom = redirectedFrom;
        _group = sa.Settings.IkeProposals.SelectMany(p => p.KeyExchange).First();
        sa.NonceI = sa.NewNonce();
    }

    public override ExchangeType Type => ExchangeType.IkeSaInit;

    public override string Name => "IKE_SA_INIT";

    public override IReadOnlyList<IkePayload> BuildRequest(IkeSa sa)
    {
        _keyExchange ??= sa.Engine.Crypto.CreateKeyExchange(_group.Group);
        var payloads = new List<IkePayload>();
        if (_cookie is not null) payloads.Add(new NotifyPayload(NotifyType.Cookie, _cookie)); // first (§2.6)
        payloads.Add(new SecurityAssociationPayload(sa.Settings.IkeProposals.Select((p, i) => p.ToWire((byte)(i + 1), [])).ToList()));
        payloads.Add(new KeyExchangePayload(_group.Number, _keyExchange.PublicKey.ToArray()));
        payloads.Add(new NoncePayload(sa.NonceI));
        payloads.AddRange(sa.NatDetectionPayloads(sa.SpiI, 0));
        if (_redirectedFrom is not null)
            payloads.Add(new NotifyPayload(NotifyType.RedirectedFrom, RedirectData.ForAddress(_redirectedFrom).Encode()));
        else if (sa.Settings.Redirect.Accept)
            payloads.Add(new NotifyPayload(NotifyType.RedirectSupported));
        return payloads;
    }

    public override ExchangeOutcome ProcessResponse(IkeSa sa, IkeMessage response)
    {
        if (response.GetNotify(NotifyType.Redirect) is { } redirect) return OnRedirect(sa, redirect);

        if (response.GetNotify(NotifyType.Cookie) is { } cookie)
        {
            if (cookie.Data.Length is < 1 or > 64 || _retries++ >= MaxRetries)
                return Fail(sa, "the responder keeps asking for a COOKIE", "COOKIE");
            _cookie = cookie.Data;
            sa.Report(IkeEvents.CookieRequired(sa.Name, sa.Remote));
            return ExchangeOutcome.Resend;
        }

        if (response.GetNotify(NotifyType.InvalidKePayload) is { } invalidKe) return OnInvalidKe(sa, invalidKe);

        if (response.FirstError is { } error)
        {
            if (error.NotifyType == NotifyType.NoProposalChosen)
            {
                sa.Report(IkeEvents.NoProposalChosenIke(sa.Name, sa.Remote, ProposalParser.Format(sa.Settings.IkeProposals),
                    null, weRejected: false));
                sa.Close("no proposal chosen (phase 1)", reconnect: true, report: false);
                return ExchangeOutcome.Completed;
            }
            return Fail(sa, null, NotifyTypes.Name(error.NotifyType));
        }

        var saPayload = response.Get<SecurityAssociationPayload>();
        var ke = response.Get<KeyExchangePayload>();
        var nonce = response.Get<NoncePayload>();
        if (saPayload is null || ke is null || nonce is null || response.Header.ResponderSpi == 0)
            return Fail(sa, "the IKE_SA_INIT response lacks SA, KE, Nr or a responder SPI", "malformed response");
        if (saPayload.Proposals.Count != 1)
            return Fail(sa, $"the responder answered {saPayload.Proposals.Count} proposals", "malformed response");
        var selected = ProposalSelector.Accept(sa.Settings.IkeProposals, saPayload.Proposals[0]);
        if (selected is null)
            return Fail(sa, $"the responder chose {ProposalSelector.Describe(saPayload.Proposals[0])}, which we did not offer", "bad proposal");
        if (ke.Group != _group.Number || selected.KeyExchange?.Number != ke.Group)
            return Fail(sa, $"the responder's KE is for group {ke.Group}, we sent {_group.Name}", "bad KE");
        var shared = IkeKeying.SharedSecret(_keyExchange!, _group, ke.Data, out var problem);
        if (shared is null) return Fail(sa, problem, "bad KE");

        sa.SpiR = response.Header.ResponderSpi;
        sa.NonceR = nonce.Data;
        sa.InitResponse = sa.LastInitResponse;
        IkeKeying.DeriveInitial(sa, selected, shared);
        sa.EvaluateNatDetection(response, sa.Remote, sa.Local);
        if (sa.UsesEncapsulation) sa.FloatToNatTraversalPort();
        sa.State = IkeSaState.Authenticating;
        sa.Changed();
        _keyExchange!.Dispose();
        _keyExchange = null;
        sa.Queue(new IkeAuthExchange(sa), first: true);
        return ExchangeOutcome.Completed;
    }

    private ExchangeOutcome OnRedirect(IkeSa sa, NotifyPayload notify)
    {
        RedirectData data;
        try
        {
            data = RedirectData.Decode(notify.Data);
        }
        catch (IkeProtocolException e)
        {
            sa.Report(IkeEvents.RedirectIgnored(sa.Name, sa.Remote, "?", $"malformed REDIRECT ({e.Message})",
                    RedirectRefusal.Malformed));
            return ExchangeOutcome.Ignore;
        }
        if (!sa.Settings.Redirect.Accept)
        {
            sa.Report(IkeEvents.RedirectIgnored(sa.Name, sa.Remote, data.Gateway, "redirects are disabled for this tunnel",
                RedirectRefusal.Disabled));
            return ExchangeOutcome.Ignore;
        }
        // RFC 5685 §4.1 / seed 004: only a REDIRECT carrying the nonce we sent can come from the gateway we asked.
        if (!ConstantTime.Equals(data.Nonce, sa.NonceI))
        {
            sa.Report(IkeEvents.RedirectIgnored(sa.Name, sa.Remote, data.Gateway,
                data.Nonce.Length == 0 ? "it carries no nonce" : "its nonce does not match the one we sent"));
            return ExchangeOutcome.Ignore;
        }
        sa.Engine.FollowRedirect(sa, data, "IKE_SA_INIT");
        return ExchangeOutcome.Completed;
    }

    private ExchangeOutcome OnInvalidKe(IkeSa sa, NotifyPayload notify)
    {
        var sent = _group.Name;
        if (notify.Data.Length != 2) return Fail(sa, "INVALID_KE_PAYLOAD without a 2-octet group", "INVALID_KE_PAYLOAD");
        var requested = BinaryPrimitives.ReadUInt16BigEndian(notify.Data);
        var name = TransformCatalog.FindKeyExchange(requested)?.Name ?? $"group {requested}";
        var offered = sa.Settings.IkeProposals.SelectMany(p => p.KeyExchange).FirstOrDefault(k => k.Number == requested);
        if (offered is null || requested == _group.Number || _retries++ >= MaxRetries)
        {
            sa.Report(IkeEvents.InvalidKe(sa.Name, sa.Remote, sent, name, retrying: false));
            sa.Close("INVALID_KE_PAYLOAD", reconnect: true, report: false);
            return ExchangeOutcome.Completed;
        }
        sa.Report(IkeEvents.InvalidKe(sa.Name, sa.Remote, sent, name, retrying: true));
        _keyExchange?.Dispose();
        _keyExchange = null;
        _group = offered;
        return ExchangeOutcome.Resend;
    }

    private static ExchangeOutcome Fail(IkeSa sa, string? problem, string what)
    {
        sa.Report(IkeEvents.ExchangeFailed(sa.Name, sa.Remote, "IKE_SA_INIT", problem is null ? what : $"{what}: {problem}", 1));
        sa.Close($"IKE_SA_INIT failed: {problem ?? what}", reconnect: true, report: false);
        return ExchangeOutcome.Completed;
    }

    public override void OnTimeout(IkeSa sa, int transmissions, TimeSpan tried)
    {
        sa.Report(IkeEvents.NoResponse(sa.Name, sa.Remote, Name, transmissions, tried, established: false));
        sa.Close("no response to IKE_SA_INIT", reconnect: true, report: false);
    }

    public override void Abandon(IkeSa sa)
    {
        _keyExchange?.Dispose();
        _keyExchange = null;
    }
}
