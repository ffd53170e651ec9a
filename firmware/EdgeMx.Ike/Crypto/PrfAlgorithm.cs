namespace EdgeMx.Ike.Crypto;

/// <summary>Transform Type 2 IDs (IANA "Transform Type 2 - Pseudorandom Function Transform IDs").</summary>
public enum PrfAlgorithm : ushort
{
    HmacMd5 = 1,
    HmacSha1 = 2,
    AesXcbc = 4,
    HmacSha256 = 5,
    HmacSha384 = 6,
    HmacSha512 = 7,
}
