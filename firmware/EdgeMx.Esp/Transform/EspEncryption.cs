namespace EdgeMx.Esp.Transform;

/// <summary>The ESP encryption transforms the data plane implements (IKEv2 Transform Type 1 names).</summary>
public enum EspEncryption
{
    /// <summary>AES-GCM with a 16-octet ICV (RFC 4106): combined mode, 8-octet explicit IV, 4-octet salt.</summary>
    AesGcm16,

    /// <summary>AES-CBC (RFC 3602): 16-octet random IV, needs a separate integrity transform.</summary>
    AesCbc,

    /// <summary>3DES-EDE-CBC (RFC 2451): legacy peers only (seed 001's phase-2 default), 8-octet random IV.</summary>
    TripleDesCbc,
}
