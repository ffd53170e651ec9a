namespace EdgeMx.Ike.Config;

/// <summary>What happens when the peer is declared dead or deletes the IKE SA.</summary>
public enum DeadPeerAction
{
    /// <summary>Remove the SAs and initiate again (a branch that must stay connected).</summary>
    Restart,

    /// <summary>Remove the SAs and stay down until told otherwise.</summary>
    Clear,
}
