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
                sa.AfterResponse(() => sa.Close("deleted by the peer", reconnect));
                return [];
            }
            if (delete.Protocol != ProtocolId.Esp) continue;
            foreach (var spi in delete.Spis)
            {
                var child = sa.FindChildByOutbound(spi);
                if (child is null) continue;
                if (child.State != ChildSaState.Deleting) ourSpis.Add(child.InboundSpi);
                sa.RemoveChild(child, child.State == ChildSaState.Rekeyed ? "replaced by a rekey" : "deleted by the peer");
                if (child.State is not (ChildSaState.Rekeyed or ChildSaState.Deleting) && sa.Connection is not null
                    && sa.Settings.CloseAction == DeadPeerAction.Restart && sa.MissingChildren().Contains(child.Settings))
                    sa.AfterResponse(() => sa.ScheduleChildRetry(child.Settings));
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
                sa.Report(IkeEvents.RedirectIgnored(sa.Name, sa.Remote, "?", $"malformed REDIRECT ({e.Message})"));
                return response;
            }
            if (sa.Settings.Redirect.Accept) sa.AfterResponse(() => sa.Engine.FollowRedirect(sa, data, "INFORMATIONAL"));
            else sa.Report(IkeEvents.RedirectIgnored(sa.Name, sa.Remote, data.Gateway, "redirects are disabled for this tunnel"));
        }
        return response;
    }
}
