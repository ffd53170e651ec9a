using EdgeMx.Ike.Config;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// INFORMATIONAL as responder (RFC 7296 §1.4, §1.5): an empty request is a liveness check; D(IKE) deletes the whole
/// SA; D(ESP) deletes CHILD_SAs and we answer with our SPIs of the same pairs (leaving out those we are deleting
/// ourselves, §1.4.1); a REDIRECT from the gateway moves us to another one (RFC 5685 §6).
/// </summary>
internal static class InformationalResponder
{
    public static IReadOnlyList<IkePayload> Handle(IkeSa sa, IkeMessage request)
    {
        var response = new List<IkePayload>();
        var ourSpis = new List<uint>();
        foreach (var delete in request.All<DeletePayload>())
        {
            if (delete.Protocol == ProtocolId.Ike)
            {
                var reconnect = sa.Settings.CloseAction == DeadPeerAction.Restart;
                var check = AfterIkeDelete(sa, reconnect);
                sa.AfterResponse(() => sa.Close("deleted by the peer", reconnect, check: check));
                return [];
            }
            if (delete.Protocol != ProtocolId.Esp) continue;
            foreach (var spi in delete.Spis)
            {
                var child = sa.FindChildByOutbound(spi);
                if (child is null) continue;
                if (child.State != ChildSaState.Deleting) ourSpis.Add(child.InboundSpi);
                if (child.State is ChildSaState.Rekeyed or ChildSaState.Deleting)
                {
                    sa.RemoveChild(child, child.State == ChildSaState.Rekeyed ? "replaced by a rekey" : "deleted by the peer");
                    continue;
                }
                var retry = sa.Connection is not null && sa.Settings.CloseAction == DeadPeerAction.Restart;
                sa.RemoveChild(child, "deleted by the peer", check: AfterChildDelete(sa, retry));
                if (retry && sa.MissingChildren().Contains(child.Settings)) sa.AfterResponse(() => sa.ScheduleChildRetry(child.Settings));
            }
        }
        if (ourSpis.Count > 0) response.Add(new DeletePayload(ProtocolId.Esp, ourSpis));

        if (request.GetNotify(NotifyType.Redirect) is { } redirect && sa.IsOriginalInitiator)
        {
            RedirectData data;
            try
            {
                data = RedirectData.Decode(redirect.Data);
            }
            catch (IkeProtocolException e)
            {
                sa.Report(IkeEvents.RedirectIgnored(sa.Name, sa.Remote, "?", $"malformed REDIRECT ({e.Message})",
                    RedirectRefusal.Malformed));
                return response;
            }
            if (sa.Settings.Redirect.Accept) sa.AfterResponse(() => sa.Engine.FollowRedirect(sa, data, "INFORMATIONAL"));
            else sa.Report(IkeEvents.RedirectIgnored(sa.Name, sa.Remote, data.Gateway, "redirects are disabled for this tunnel",
                RedirectRefusal.Disabled));
        }
        return response;
    }

    // What the operator needs to know after a peer's delete (RFC 7296 §1.4.1 gives no reason): what we do next.
    private static string AfterIkeDelete(IkeSa sa, bool reconnect) =>
        sa.Connection is null
            ? "The peer ended phase 1. This end only answers for this tunnel, so it is back when the peer initiates again; "
              + "the peer's log says why it deleted it (operator, lifetime, its configuration)."
            : reconnect
                ? "The peer ended phase 1 (an operator, its lifetime or a change of its configuration: see its log); we "
                  + "establish the tunnel again at once (close action restart)."
                : "The peer ended phase 1; the tunnel stays down (close action clear) until it is initiated again or the "
                  + "appliance restarts.";

    private static string AfterChildDelete(IkeSa sa, bool retry) =>
        sa.Connection is null
            ? "The peer deleted phase 2 (phase 1 stays up). This end only answers for this tunnel: the peer creates a new "
              + "CHILD_SA when it needs one."
            : retry
                ? $"The peer deleted phase 2 (phase 1 stays up); we create it again in {sa.Engine.Backoff(sa.Settings, 1).TotalSeconds:0} s "
                  + "(close action restart). If it keeps being deleted, see the peer's log."
                : "The peer deleted phase 2 (phase 1 stays up); it stays down (close action clear).";
}
