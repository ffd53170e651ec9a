namespace EdgeMx.Ike.Crypto;

/// <summary>
/// CHILD_SA keys from KEYMAT (RFC 7296 §2.17): first the initiator-to-responder SA's encryption key then its
/// integrity key, then the responder-to-initiator SA's. For AES-GCM the encryption key includes the 4-octet salt
/// at its end (RFC 4106 §8.1). Cleared on dispose; never logged.
/// </summary>
public sealed class ChildSaKeys : IDisposable
{
    public ChildSaKeys(byte[] encryptionInitiator, byte[] integrityInitiator, byte[] encryptionResponder,
        byte[] integrityResponder)
    {
        EncryptionInitiator = encryptionInitiator;
        IntegrityInitiator = integrityInitiator;
        EncryptionResponder = encryptionResponder;
        IntegrityResponder = integrityResponder;
    }

    /// <summary>Protects traffic from the IKE initiator of this CHILD_SA's exchange to the responder.</summary>
    public byte[] EncryptionInitiator { get; }
    public byte[] IntegrityInitiator { get; }
    public byte[] EncryptionResponder { get; }
    public byte[] IntegrityResponder { get; }

    public void Dispose()
    {
        Array.Clear(EncryptionInitiator);
        Array.Clear(IntegrityInitiator);
        Array.Clear(EncryptionResponder);
        Array.Clear(IntegrityResponder);
    }
}
