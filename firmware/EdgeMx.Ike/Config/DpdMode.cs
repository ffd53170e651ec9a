namespace EdgeMx.Ike.Config;

/// <summary>Dead peer detection modes (Cisco's `crypto ikev2 dpd INTERVAL RETRY {on-demand | periodic}`, seed 002/004).</summary>
public enum DpdMode
{
    /// <summary>No liveness checks (a dead peer is noticed only when a request times out).</summary>
    None,

    /// <summary>A check every interval, whether or not traffic arrives.</summary>
    Periodic,

    /// <summary>
    /// A check only when traffic went to the peer and nothing (IKE or ESP) came back from it for an interval
    /// (RFC 7296 §2.4: the check is for when there has only been outgoing traffic; RFC 3706 §5.3, Cisco's
    /// on-demand). An idle tunnel is never checked: a dead peer is then noticed by the next traffic, or a rekey.
    /// </summary>
    OnDemand,
}
