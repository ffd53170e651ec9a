namespace EdgeMx.Esp.Transform;

/// <summary>The ESP integrity transforms for the CBC ciphers (IKEv2 Transform Type 3 names).</summary>
public enum EspIntegrity
{
    /// <summary>No separate integrity: only valid with a combined-mode cipher (AES-GCM).</summary>
    None,

    /// <summary>HMAC-SHA1-96 (RFC 2404): 20-octet key, 12-octet ICV.</summary>
    HmacSha1_96,

    /// <summary>HMAC-SHA2-256-128 (RFC 4868): 32-octet key, 16-octet ICV.</summary>
    HmacSha256_128,

    /// <summary>HMAC-SHA2-384-192 (RFC 4868): 48-octet key, 24-octet ICV.</summary>
    HmacSha384_192,

    /// <summary>HMAC-SHA2-512-256 (RFC 4868): 64-octet key, 32-octet ICV.</summary>
    HmacSha512_256,
}
