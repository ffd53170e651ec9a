namespace EdgeMx.Ike.Engine;

/// <summary>Why a REDIRECT (RFC 5685) was not followed; the event's check text depends on it.</summary>
public enum RedirectRefusal
{
    /// <summary>Its nonce is not ours, or it has none (RFC 5685 §4.1): forged.</summary>
    Forged,

    Malformed,

    /// <summary>The tunnel's redirect.accept is false.</summary>
    Disabled,

    /// <summary>It names the gateway by FQDN; we follow addresses only (seed 004).</summary>
    Name,

    /// <summary>Loopback, unspecified, multicast, broadcast or reserved: no gateway can be there.</summary>
    UnusableAddress,
}
