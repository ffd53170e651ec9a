using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Exchanges;

namespace EdgeMx.Ike;

/// <summary>How an IKE SA ends: deleted by us or the peer, dead, expired, failed, or replaced by a rekey.</summary>
public sealed partial class IkeSa
{
    /// <summary>Why the SA closed (for status and the connection's decision to restart).</summary>
    public string? CloseReason { get; private set; }

    /// <summary>
    /// Removes the SA and all its CHILD_SAs now, without telling the peer. <paramref name="reconnect"/> lets the
    /// connection (if we initiated it) decide to initiate again per its settings.
    /// </summary>
    internal void Close(string reason, bool reconnect, bool report = true, string? check = null)
    {
        if (State == IkeSaState.Closed) return;
        AbandonExchanges(); // may hand the CHILD_SAs to a colliding rekey's SA (IkeRekeyExchange.Abandon)
        // A replaced (rekeyed) SA goes quietly: the "rekeyed" event already told the story.
        var wasEstablished = EstablishedAt is not null && State != IkeSaState.Rekeying;
        foreach (var child in _children.ToList()) RemoveChild(child, reason, report, check);
        State = IkeSaState.Closed;
        CloseReason = reason;
        _deferred.Clear();
        Protection?.Dispose();
        Keys?.Dispose();
        Engine.Unregister(this);
        if (report && wasEstablished) Report(IkeEvents.IkeDeleted(Name, SpiI, SpiR, reason, check));
        Changed();
        Engine.OnIkeSaClosed(this, reconnect);
    }

    /// <summary>Deletes the SA with an INFORMATIONAL exchange (RFC 7296 §1.4.1), then closes it.</summary>
    internal void Delete(string reason, bool reconnect)
    {
        if (State is IkeSaState.Closed or IkeSaState.Deleting) return;
        if (Protection is null || EstablishedAt is null && State != IkeSaState.Authenticating)
        {
            Close(reason, reconnect);
            return;
        }
        State = IkeSaState.Deleting;
        AbandonExchanges();
        Queue(new DeleteIkeSaExchange(reason, reconnect));
    }

    /// <summary>The hard lifetime passed without a successful rekey.</summary>
    private void ExpireIkeSa() => Delete("IKE SA lifetime expired", reconnect: true);
}
