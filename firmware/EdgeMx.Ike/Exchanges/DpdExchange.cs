using EdgeMx.Ike.Config;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// Liveness check (RFC 7296 §2.4): an empty INFORMATIONAL request. It is retransmitted every DPD retry interval
/// (not on the exponential schedule) until the give-up time, as Cisco's `dpd INTERVAL RETRY` does (seed 002/004);
/// no answer by then means the peer is dead.
/// <code>
/// HDR, SK {}  -->
///        &lt;--  HDR, SK {}
/// </code>
/// </summary>
internal sealed class DpdExchange : Exchange
{
    public override ExchangeType Type => ExchangeType.Informational;

    public override string Name => "INFORMATIONAL (DPD)";

    public override IReadOnlyList<IkePayload> BuildRequest(IkeSa sa) => [];

    public override ExchangeOutcome ProcessResponse(IkeSa sa, IkeMessage response) => ExchangeOutcome.Completed;

    public override TimeSpan WaitAfter(IkeSa sa, int transmissions, TimeSpan sinceFirst)
    {
        var left = sa.Settings.Dpd.GiveUpAfter - sinceFirst;
        var retry = sa.Settings.Dpd.Retry;
        return left < retry && left > TimeSpan.Zero ? left : retry;
    }

    public override bool GiveUp(IkeSa sa, int transmissions, TimeSpan sinceFirst) => sinceFirst >= sa.Settings.Dpd.GiveUpAfter;

    public override void OnTimeout(IkeSa sa, int transmissions, TimeSpan tried)
    {
        var action = sa.Settings.Dpd.Action;
        sa.Report(IkeEvents.DeadPeer(sa.Name, sa.Remote, transmissions, tried, sa.Clock.Since(sa.LastHeard),
            action == DeadPeerAction.Restart && sa.Connection is not null ? "initiating again" : "not restarting (action clear)"));
        sa.Close("dead peer detected", reconnect: action == DeadPeerAction.Restart, report: false);
    }
}
