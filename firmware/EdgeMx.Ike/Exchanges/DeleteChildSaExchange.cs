using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// Deleting a CHILD_SA (RFC 7296 §1.4.1): we name our inbound SPI, the peer answers with its own.
/// <code>
/// HDR, SK {D(ESP, SPI)}  -->
///                   &lt;--  HDR, SK {D(ESP, SPI)}
/// </code>
/// </summary>
internal sealed class DeleteChildSaExchange(ChildSa child, string reason) : Exchange
{
    public ChildSa Child => child;

    /// <summary>Holds nothing of the old IKE SA: the delete runs on the one the CHILD_SA moved to.</summary>
    public override Exchange? ForSuccessor(IkeSa successor) => this;

    public override ExchangeType Type => ExchangeType.Informational;

    public override string Name => $"INFORMATIONAL (delete CHILD_SA {child.Name})";

    public override IReadOnlyList<IkePayload> BuildRequest(IkeSa sa)
    {
        child.State = ChildSaState.Deleting;
        return [new DeletePayload(ProtocolId.Esp, [child.InboundSpi])];
    }

    public override ExchangeOutcome ProcessResponse(IkeSa sa, IkeMessage response)
    {
        sa.RemoveChild(child, reason);
        return ExchangeOutcome.Completed;
    }

    public override void OnTimeout(IkeSa sa, int transmissions, TimeSpan tried)
    {
        sa.RemoveChild(child, reason);
        sa.Report(IkeEvents.NoResponse(sa.Name, sa.Remote, Name, transmissions, tried, established: true));
        sa.Engine.OnPeerDead(sa, "no response to a CHILD_SA delete");
    }
}
