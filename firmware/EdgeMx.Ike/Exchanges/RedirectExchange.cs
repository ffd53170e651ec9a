using System.Net;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// Gateway-initiated redirect of an established client (RFC 5685 §6; what strongSwan's `swanctl --redirect` sends):
/// <code>
/// HDR, SK {N(REDIRECT)}  -->
///                   &lt;--  HDR, SK {}
/// </code>
/// The client then connects to the new gateway and deletes this SA; if it does not, we delete it ourselves.
/// </summary>
internal sealed class RedirectExchange(IPAddress gateway) : Exchange
{
    public override ExchangeType Type => ExchangeType.Informational;

    public override string Name => "INFORMATIONAL (REDIRECT)";

    public override IReadOnlyList<IkePayload> BuildRequest(IkeSa sa)
    {
        sa.Report(IkeEvents.RedirectSent(sa.Name, sa.Remote, gateway.ToString(), "an established IKE SA"));
        return [new NotifyPayload(NotifyType.Redirect, RedirectData.ForAddress(gateway).Encode())];
    }

    public override ExchangeOutcome ProcessResponse(IkeSa sa, IkeMessage response)
    {
        sa.Defer(sa.Engine.Options.HalfOpenTimeout, () => sa.Delete("redirected to another gateway", reconnect: false));
        return ExchangeOutcome.Completed;
    }

    public override void OnTimeout(IkeSa sa, int transmissions, TimeSpan tried) =>
        sa.Close("no response to REDIRECT", reconnect: false);
}
