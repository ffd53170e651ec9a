using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>What an initiator-side exchange wants after processing a response.</summary>
internal enum ExchangeOutcome
{
    /// <summary>The exchange is over (successfully or not); the next queued one may start.</summary>
    Completed,

    /// <summary>Send a new request for the same exchange with the same message ID (IKE_SA_INIT after COOKIE or
    /// INVALID_KE_PAYLOAD).</summary>
    Resend,

    /// <summary>The response is not acceptable and must be treated as not received (a forged REDIRECT): keep
    /// retransmitting and waiting.</summary>
    Ignore,
}

/// <summary>
/// One request/response exchange that we initiate (the "task" of strongSwan's task manager). The IKE SA sends what
/// <see cref="BuildRequest"/> returns, retransmits it on its schedule, and hands the matching response to
/// <see cref="ProcessResponse"/>. What the other side does with our request is in the *Responder classes.
/// </summary>
internal abstract class Exchange
{
    public abstract ExchangeType Type { get; }

    /// <summary>A short name for logs and events ("IKE_SA_INIT", "CREATE_CHILD_SA (rekey CHILD_SA)", …).</summary>
    public abstract string Name { get; }

    public abstract IReadOnlyList<IkePayload> BuildRequest(IkeSa sa);

    public abstract ExchangeOutcome ProcessResponse(IkeSa sa, IkeMessage response);

    /// <summary>Called when the retransmissions are exhausted.</summary>
    public abstract void OnTimeout(IkeSa sa, int transmissions, TimeSpan tried);

    /// <summary>How long to wait after transmission number <paramref name="transmissions"/> (1 = the first): the
    /// connection's schedule (RFC 7296 §2.1) unless the exchange has its own (DPD).</summary>
    public virtual TimeSpan WaitAfter(IkeSa sa, int transmissions, TimeSpan sinceFirst) =>
        sa.Settings.Retransmit.WaitAfter(transmissions - 1);

    /// <summary>Whether to give up instead of retransmitting again.</summary>
    public virtual bool GiveUp(IkeSa sa, int transmissions, TimeSpan sinceFirst) => transmissions > sa.Settings.Retransmit.Tries;

    /// <summary>Called when the IKE SA goes away with this exchange queued or active.</summary>
    public virtual void Abandon(IkeSa sa)
    {
    }

    /// <summary>
    /// The IKE SA was rekeyed while this exchange was still queued, and its CHILD_SAs now live on
    /// <paramref name="successor"/> (RFC 7296 §2.8): the exchange to queue there instead, or null when it was about
    /// the old IKE SA only (it is then abandoned). Exchanges about CHILD_SAs move, so a rekey, creation or delete an
    /// operator or a timer asked for is not lost to the IKE rekey that happened to run first.
    /// </summary>
    public virtual Exchange? ForSuccessor(IkeSa successor) => null;
}
