namespace EdgeMx.Ike.Crypto;

/// <summary>Transform Type 3 IDs (IANA "Transform Type 3 - Integrity Algorithm Transform IDs"; RFC 4868).</summary>
public enum IntegrityAlgorithm : ushort
{
    None = 0,
    HmacMd5_96 = 1,
    HmacSha1_96 = 2,
    AesXcbc96 = 5,
    HmacSha256_128 = 12,
    HmacSha384_192 = 13,
    HmacSha512_256 = 14,
}
