namespace EdgeMx.Esp.Sa;

public enum EspSaLifetimeState
{
    Active,

    /// <summary>Past a soft limit: still carries traffic; IKE has been asked to rekey.</summary>
    SoftExpired,

    /// <summary>Past a hard limit (or removed): carries nothing more.</summary>
    HardExpired,
}
