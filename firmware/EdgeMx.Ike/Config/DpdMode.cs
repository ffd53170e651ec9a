namespace EdgeMx.Ike.Config;

/// <summary>Dead peer detection modes (Cisco's `crypto ikev2 dpd INTERVAL RETRY {on-demand | periodic}`, seed 002/004).</summary>
public enum DpdMode
{
    /// <summary>No liveness checks (a dead peer is noticed only when a request times out).</summary>
    None,

    /// <summary>A check every interval, whether or not traffic arrives.</summary>
    Periodic,

    /// <summary>A check only when nothing (IKE or ESP) was received from the peer for an interval.</summary>
    OnDemand,
}
