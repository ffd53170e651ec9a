namespace EdgeMx.Ike.Messages;

/// <summary>AUTH payload methods (RFC 7296 §3.8). EdgeMx authenticates with pre-shared keys only.</summary>
public enum AuthenticationMethod : byte
{
    RsaDigitalSignature = 1,
    SharedKeyMessageIntegrityCode = 2,
    DssDigitalSignature = 3,
    DigitalSignature = 14,
}
