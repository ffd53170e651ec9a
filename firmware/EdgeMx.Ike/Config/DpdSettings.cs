namespace EdgeMx.Ike.Config;

/// <summary>
/// Dead peer detection (RFC 7296 §2.4): an empty INFORMATIONAL request. Seed 002's `dpd 30 5 on-demand`: check once
/// traffic went out and nothing was received for 30 s, retransmit every 5 s, declare the peer dead when
/// <see cref="GiveUpAfter"/> passes without an answer (default five retries, 25 s), then apply <see cref="Action"/>.
/// </summary>
public sealed record DpdSettings(DpdMode Mode, TimeSpan Interval, TimeSpan Retry, TimeSpan GiveUpAfter, DeadPeerAction Action)
{
    public static readonly DpdSettings Default =
        new(DpdMode.OnDemand, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(25), DeadPeerAction.Restart);
}
