using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// Deleting the IKE SA and with it all its CHILD_SAs (RFC 7296 §1.4.1):
/// <code>
/// HDR, SK {D(IKE)}  -->
///              &lt;--  HDR, SK {}
/// </code>
/// The SA is closed when the answer arrives, or when the retransmissions run out (the peer may already be gone).
/// </summary>
internal sealed class DeleteIkeSaExchange(string reason, bool reconnect, bool report = true) : Exchange
{
    public override ExchangeType Type => ExchangeType.Informational;

    public override string Name => "INFORMATIONAL (delete IKE SA)";

    public override IReadOnlyList<IkePayload> BuildRequest(IkeSa sa) => [DeletePayload.ForIkeSa()];

    public override ExchangeOutcome ProcessResponse(IkeSa sa, IkeMessage response)
    {
        sa.Close(reason, reconnect, report);
        return ExchangeOutcome.Completed;
    }

    // Do not keep a dying SA around for the whole retransmission schedule.
    public override bool GiveUp(IkeSa sa, int transmissions, TimeSpan sinceFirst) => transmissions > 2;

    public override void OnTimeout(IkeSa sa, int transmissions, TimeSpan tried) => sa.Close(reason, reconnect, report);

    public override void Abandon(IkeSa sa)
    {
    }
}
