namespace EdgeMx.Ike.Crypto;

/// <summary>Transform Type 1 IDs (IANA "IKEv2 Transform Type 1 - Encryption Algorithm Transform IDs").</summary>
public enum EncryptionAlgorithm : ushort
{
    TripleDes = 3,
    Null = 11,
    AesCbc = 12,
    AesCtr = 13,
    AesCcm16 = 16,
    AesGcm8 = 18,
    AesGcm12 = 19,
    AesGcm16 = 20,
    ChaCha20Poly1305 = 28,
}
