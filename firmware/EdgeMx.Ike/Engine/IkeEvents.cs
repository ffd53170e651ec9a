using System.Globalization;
using System.Net;
using EdgeMx.Core.Events;

namespace EdgeMx.Ike.Engine;

/// <summary>
/// Every event the IKE engine reports, written for the operator as seed 001's troubleshooting list is: what
/// happened (with the facts: addresses, SPIs, proposals, selectors, timings) and what to check. Phase 1 = IKE SA,
/// phase 2 = CHILD_SA, the words the seed and most vendors use. Secrets never appear.
/// </summary>
public static class IkeEvents
{
    private static EventDraft Draft(EventSeverity severity, string type, string subject, string message, string? check,
        params (string Key, string? Value)[] details) =>
        new(severity, EventCategory.Vpn, type, message)
        {
            Subject = subject,
            Check = check,
            Details = details.Where(d => d.Value is not null).ToDictionary(d => d.Key, d => d.Value!),
        };

    private static string Spi(ulong spi) => spi.ToString("x16", CultureInfo.InvariantCulture);

    private static string Spi(uint spi) => spi.ToString("x8", CultureInfo.InvariantCulture);

    public static EventDraft Initiating(string connection, IPEndPoint local, IPEndPoint remote, string proposals) =>
        Draft(EventSeverity.Info, "vpn.ike.initiating", connection,
            $"Initiating phase 1 (IKE SA) {local} <=> {remote}", null,
            ("local", local.ToString()), ("remote", remote.ToString()), ("ike_proposals", proposals));

    public static EventDraft IkeEstablished(string connection, IPEndPoint local, IPEndPoint remote, ulong spiI, ulong spiR,
        string proposal, bool natLocal, bool natRemote, string localId, string remoteId, bool initiator) =>
        Draft(EventSeverity.Info, "vpn.ike.established", connection,
            $"Phase 1 (IKE SA) established {local} <=> {remote}, SPIs {Spi(spiI)}_i {Spi(spiR)}_r, IKE:{proposal}"
            + (natLocal || natRemote ? $", NAT detected ({NatText(natLocal, natRemote)}), using UDP {remote.Port}" : ", no NAT"),
            null,
            ("local", local.ToString()), ("remote", remote.ToString()), ("spi_i", Spi(spiI)), ("spi_r", Spi(spiR)),
            ("proposal", proposal), ("nat_local", natLocal ? "yes" : "no"), ("nat_remote", natRemote ? "yes" : "no"),
            ("local_id", localId), ("remote_id", remoteId), ("role", initiator ? "initiator" : "responder"));

    private static string NatText(bool local, bool remote) => (local, remote) switch
    {
        (true, true) => "both ends behind NAT",
        (true, false) => "we are behind a NAT",
        (false, true) => "the peer is behind a NAT",
        _ => "forced encapsulation",
    };

    public static EventDraft ChildEstablished(string connection, string child, uint spiIn, uint spiOut, string proposal,
        string local, string remote, string how) =>
        Draft(EventSeverity.Info, how == "rekeyed" ? "vpn.child.rekeyed" : "vpn.child.established", connection,
            $"Phase 2 (CHILD_SA {child}) {how}: {local} === {remote}, ESP SPIs {Spi(spiIn)}_i {Spi(spiOut)}_o, ESP:{proposal}",
            null, ("child", child), ("spi_in", Spi(spiIn)), ("spi_out", Spi(spiOut)), ("proposal", proposal),
            ("local_ts", local), ("remote_ts", remote));

    public static EventDraft ChildDeleted(string connection, string child, uint spiIn, uint spiOut, string reason, string? check = null) =>
        Draft(EventSeverity.Info, "vpn.child.deleted", connection,
            $"Phase 2 (CHILD_SA {child}) deleted ({reason}), ESP SPIs {Spi(spiIn)}_i {Spi(spiOut)}_o", check,
            ("child", child), ("spi_in", Spi(spiIn)), ("spi_out", Spi(spiOut)), ("reason", reason));

    public static EventDraft ChildExpired(string connection, string child, uint spiIn, TimeSpan lifetime) =>
        Draft(EventSeverity.Warning, "vpn.child.expired", connection,
            $"Phase 2 (CHILD_SA {child}) reached its hard lifetime of {lifetime.TotalSeconds:0} s without a rekey and was removed",
            "If this repeats, compare the phase 2 lifetimes on both ends (seed 001: a lifetime mismatch drops the tunnel "
            + "periodically) and check that rekeying is not refused by the peer.",
            ("child", child), ("spi_in", Spi(spiIn)));

    public static EventDraft IkeRekeyed(string connection, ulong oldI, ulong oldR, ulong newI, ulong newR, string proposal) =>
        Draft(EventSeverity.Info, "vpn.ike.rekeyed", connection,
            $"Phase 1 (IKE SA) rekeyed: SPIs {Spi(oldI)}_i {Spi(oldR)}_r -> {Spi(newI)}_i {Spi(newR)}_r, IKE:{proposal}", null,
            ("old_spi_i", Spi(oldI)), ("old_spi_r", Spi(oldR)), ("spi_i", Spi(newI)), ("spi_r", Spi(newR)), ("proposal", proposal));

    public static EventDraft IkeDeleted(string connection, ulong spiI, ulong spiR, string reason, string? check = null) =>
        Draft(EventSeverity.Notice, "vpn.ike.deleted", connection,
            $"Phase 1 (IKE SA) deleted ({reason}), SPIs {Spi(spiI)}_i {Spi(spiR)}_r", check,
            ("spi_i", Spi(spiI)), ("spi_r", Spi(spiR)), ("reason", reason));

    public static EventDraft NoProposalChosenIke(string connection, IPEndPoint remote, string ours, string? theirs, bool weRejected) =>
        Draft(EventSeverity.Error, "vpn.ike.no-proposal-chosen", connection,
            weRejected
                ? $"Phase 1 failed: NO_PROPOSAL_CHOSEN. {remote} offered IKE proposals none of which we accept. Peer offered: {theirs}. We accept: {ours}"
                : $"Phase 1 failed: {remote} answered NO_PROPOSAL_CHOSEN in IKE_SA_INIT: it accepts none of our IKE proposals. We offered: {ours}",
            "Make the phase 1 (IKE) encryption, integrity/PRF and DH group match on both ends; also check that the peer "
            + "has a connection configured for this address at all (seed 001: no-proposal-chosen in phase 1).",
            ("remote", remote.ToString()), ("ours", ours), ("theirs", theirs), ("phase", "1"));

    public static EventDraft NoProposalChosenChild(string connection, string child, string ours, string? theirs, bool weRejected) =>
        Draft(EventSeverity.Error, "vpn.child.no-proposal-chosen", connection,
            weRejected
                ? $"Phase 2 (CHILD_SA {child}) failed: NO_PROPOSAL_CHOSEN. Phase 1 is up, but the peer's ESP proposals are not acceptable. Peer offered: {theirs}. We accept: {ours}"
                : $"Phase 2 (CHILD_SA {child}) failed: the peer answered NO_PROPOSAL_CHOSEN. Phase 1 is up, but none of our ESP proposals is acceptable to it. We offered: {ours}",
            "Make the phase 2 (ESP) encryption, integrity, PFS group and ESN settings match on both ends; use tunnel mode "
            + "and time-based lifetimes (seed 001: no-proposal-chosen in phase 2).",
            ("child", child), ("ours", ours), ("theirs", theirs), ("phase", "2"));

    public static EventDraft AuthenticationFailed(string connection, IPEndPoint remote, string reason, string localId,
        string? remoteId, string? expectedRemoteId) =>
        Draft(EventSeverity.Error, "vpn.ike.auth-failed", connection,
            $"Phase 1 authentication with {remote} failed: {reason}",
            "Check that both ends use the same pre-shared key, and that each end's configured remote ID is the other end's "
            + "local ID (FQDN, IP address or KEY_ID, exactly).",
            ("remote", remote.ToString()), ("reason", reason), ("local_id", localId), ("remote_id", remoteId),
            ("expected_remote_id", expectedRemoteId));

    public static EventDraft TsUnacceptable(string connection, string child, string localProposed, string remoteProposed,
        string? peerLocal, string? peerRemote, bool weRejected) =>
        Draft(EventSeverity.Error, "vpn.child.ts-unacceptable", connection,
            weRejected
                ? $"Phase 2 (CHILD_SA {child}) failed: TS_UNACCEPTABLE (subnet mismatch). The peer proposed its side {peerLocal} and our side {peerRemote}; we allow our side {localProposed} and its side {remoteProposed}"
                : $"Phase 2 (CHILD_SA {child}) failed: the peer answered TS_UNACCEPTABLE (subnet mismatch). We proposed local {localProposed} and remote {remoteProposed}",
            "Make the local and remote subnets mirror each other on both ends, masks included (seed 001: \"failed to get "
            + "sainfo\"); for cloud gateways that summarise, configure their supernet as the remote subnet.",
            ("child", child), ("local_ts", localProposed), ("remote_ts", remoteProposed), ("peer_local_ts", peerLocal),
            ("peer_remote_ts", peerRemote));

    public static EventDraft NoResponse(string connection, IPEndPoint remote, string exchange, int transmissions, TimeSpan tried,
        bool established) =>
        Draft(EventSeverity.Error, "vpn.ike.no-response", connection,
            $"No response from {remote} to {exchange} after {transmissions} transmissions over {tried.TotalSeconds:0} s"
            + (established ? "; the IKE SA is considered dead" : " (phase 1 negotiation failed due to time up)"),
            $"Is the peer reachable (ping {remote.Address})? Are UDP 500 and 4500 open on every firewall in the path? Is the "
            + "peer configured to accept this appliance's address?",
            ("remote", remote.ToString()), ("exchange", exchange), ("transmissions", transmissions.ToString(CultureInfo.InvariantCulture)),
            ("seconds", tried.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)));

    public static EventDraft VersionMismatch(string connection, IPEndPoint remote, int major, int minor) =>
        Draft(EventSeverity.Error, "vpn.ike.version-mismatch", connection,
            $"IKE version mismatch: {remote} sent an IKEv{major}.{minor} message; this tunnel uses IKEv2",
            "Configure the peer for IKEv2 (seed 001: \"invalid flag 0x08\" is what an IKEv1-only peer logs).",
            ("remote", remote.ToString()), ("peer_version", $"{major}.{minor}"));

    public static EventDraft InvalidKe(string connection, IPEndPoint remote, string sent, string requested, bool retrying) =>
        Draft(retrying ? EventSeverity.Notice : EventSeverity.Error, "vpn.ike.invalid-ke", connection,
            retrying
                ? $"{remote} answered INVALID_KE_PAYLOAD: it wants DH group {requested} instead of {sent}; retrying with {requested}"
                : $"{remote} answered INVALID_KE_PAYLOAD asking for DH group {requested}, which is not in our proposals (we sent {sent})",
            retrying ? "Put the group the peer prefers first in our proposals to save a round trip."
                : "Add a DH group both ends accept to the phase 1 proposals.",
            ("remote", remote.ToString()), ("sent_group", sent), ("requested_group", requested));

    public static EventDraft InvalidKeRequested(string connection, IPEndPoint remote, string received, string requested) =>
        Draft(EventSeverity.Info, "vpn.ike.invalid-ke", connection,
            $"{remote} sent a KE payload for {received}; we selected {requested} and asked it to retry (INVALID_KE_PAYLOAD)",
            null, ("remote", remote.ToString()), ("sent_group", received), ("requested_group", requested));

    public static EventDraft ExchangeFailed(string connection, IPEndPoint remote, string exchange, string notify, int phase) =>
        Draft(EventSeverity.Error, phase == 1 ? "vpn.ike.failed" : "vpn.child.failed", connection,
            $"Phase {phase} failed: {remote} answered {notify} in {exchange}",
            "See the peer's log for why it refused; compare both ends' configuration.",
            ("remote", remote.ToString()), ("notify", notify), ("exchange", exchange));

    /// <summary>
    /// DPD gave up (RFC 7296 §2.4). The time since the peer was last heard can be much longer than the checks took
    /// (on demand, an idle tunnel is not checked until traffic goes out), so both are said.
    /// </summary>
    public static EventDraft DeadPeer(string connection, IPEndPoint remote, int checks, TimeSpan tried, TimeSpan silentFor, string action) =>
        Draft(EventSeverity.Error, "vpn.ike.dead-peer", connection,
            $"Dead peer detection: {remote} did not answer {checks} liveness check(s) over {tried.TotalSeconds:0} s "
            + $"(nothing heard from it for {silentFor.TotalSeconds:0} s); SAs removed, {action}",
            $"Is {remote.Address} still reachable through the active uplink (ping it)? Are UDP 500 and 4500 still open on "
            + "every firewall in the path? Is the hub's IKE service running, and did it drop this appliance's SAs?",
            ("remote", remote.ToString()), ("checks", checks.ToString(CultureInfo.InvariantCulture)),
            ("tried_seconds", tried.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)),
            ("seconds", silentFor.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)), ("action", action));

    public static EventDraft Redirected(string connection, IPEndPoint from, string to, string during) =>
        Draft(EventSeverity.Notice, "vpn.ike.redirected", connection,
            $"Gateway {from} redirected us to {to} during {during} (RFC 5685); connecting there", null,
            ("from", from.ToString()), ("to", to), ("during", during));

    public static EventDraft RedirectIgnored(string connection, IPEndPoint from, string to, string reason,
        RedirectRefusal refusal = RedirectRefusal.Forged) =>
        Draft(EventSeverity.Warning, "vpn.ike.redirect-ignored", connection,
            $"Ignored a REDIRECT to {to} from {from}: {reason}",
            refusal switch
            {
                RedirectRefusal.Malformed => "The gateway sent a REDIRECT we cannot parse: see its log and software version. The "
                    + "tunnel stays with the gateway it has.",
                RedirectRefusal.Disabled => "This tunnel does not follow redirects (redirect.accept is false); it stays with the "
                    + "gateway it has.",
                RedirectRefusal.Name => "EdgeMx follows redirects to IP addresses only: make the gateway (its cluster or load "
                    + "balancer) redirect to an address. The tunnel stays with the gateway it has.",
                RedirectRefusal.UnusableAddress => "The gateway named an address no gateway can have (loopback, 0.0.0.0/8, "
                    + "multicast, broadcast or reserved): check its redirect configuration. The tunnel stays with the gateway it has.",
                _ => "A REDIRECT whose nonce does not match ours is forged (RFC 5685 §4.1, seed 004); if this repeats, someone on "
                    + "the path is injecting packets.",
            },
            ("from", from.ToString()), ("to", to), ("reason", reason));

    public static EventDraft RedirectFailed(string connection, IPAddress from, IPAddress to, string reason, IPAddress? configured) =>
        Draft(EventSeverity.Warning, "vpn.ike.redirect-failed", connection,
            $"Could not connect to {to}, where gateway {from} redirected us ({reason}); returning to the configured gateway {configured}",
            "The gateway that redirected us named one that does not answer or does not accept us: check the hub cluster's "
            + "redirect targets, and that UDP 500/4500 to them is open.",
            ("from", from.ToString()), ("to", to.ToString()), ("reason", reason), ("configured", configured?.ToString()));

    public static EventDraft RedirectLoop(string connection, IPEndPoint from, string to, int count, TimeSpan window) =>
        Draft(EventSeverity.Error, "vpn.ike.redirect-loop", connection,
            $"Refused the redirect from {from} to {to}: {count} redirects within {window.TotalSeconds:0} s already (limit)",
            "The gateways redirect us in a loop: check their load-balancer/cluster configuration.",
            ("from", from.ToString()), ("to", to), ("count", count.ToString(CultureInfo.InvariantCulture)));

    public static EventDraft RedirectSent(string connection, IPEndPoint peer, string to, string during) =>
        Draft(EventSeverity.Info, "vpn.ike.redirect-sent", connection,
            $"Redirected {peer} to {to} during {during} (RFC 5685)", null,
            ("peer", peer.ToString()), ("to", to), ("during", during));

    public static EventDraft CookieRequired(string connection, IPEndPoint remote) =>
        Draft(EventSeverity.Info, "vpn.ike.cookie", connection,
            $"{remote} asked for a COOKIE (it is under load, RFC 7296 §2.6); retrying with it", null,
            ("remote", remote.ToString()));

    public static EventDraft ResponderUnderLoad(int halfOpen, int threshold) =>
        Draft(EventSeverity.Notice, "vpn.ike.cookies-enabled", "ike",
            $"{halfOpen} half-open IKE SAs (threshold {threshold}): new initiators must now return a COOKIE", null);

    public static EventDraft HalfOpenLimit(int limit) =>
        Draft(EventSeverity.Warning, "vpn.ike.half-open-limit", "ike",
            $"Half-open IKE SA limit ({limit}) reached: new IKE_SA_INIT requests are dropped until some complete or time out",
            "A flood of IKE_SA_INIT requests, or many peers failing IKE_AUTH.");
}
