namespace EdgeMx.Ike;

/// <summary>Lifecycle of an IKE SA.</summary>
public enum IkeSaState
{
    /// <summary>IKE_SA_INIT sent (initiator) or answered (responder, half-open).</summary>
    Connecting,

    /// <summary>IKE_AUTH sent (initiator); keys are derived, the peer is not authenticated yet.</summary>
    Authenticating,

    Established,

    /// <summary>A CREATE_CHILD_SA replacing this IKE SA is under way, or it has been replaced and waits for its delete.</summary>
    Rekeying,

    /// <summary>An INFORMATIONAL with DELETE for it is under way.</summary>
    Deleting,

    /// <summary>Gone: removed from the engine.</summary>
    Closed,
}
