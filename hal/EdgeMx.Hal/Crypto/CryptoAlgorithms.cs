namespace EdgeMx.Hal.Crypto;

public enum AeadAlgorithm
{
    /// <summary>AES-GCM with a 16-byte ICV; key size 16 or 32 bytes (24 allowed by the primitive).</summary>
    AesGcm16,
}

public enum CbcAlgorithm
{
    /// <summary>AES-CBC, key 16/24/32 bytes (RFC 3602).</summary>
    AesCbc,

    /// <summary>3DES-EDE-CBC, key 24 bytes. Legacy peers only (seed 001: default phase 1 is 3DES/SHA1/group 2).</summary>
    TripleDesCbc,
}

public enum HashAlgorithm
{
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

/// <summary>IKEv2 Transform Type 4 (Key Exchange Method) numbers from the IANA registry.</summary>
public enum KeyExchangeGroup : ushort
{
    Modp1024 = 2,
    Modp2048 = 14,
    Modp3072 = 15,
    Ecp256 = 19,
    Ecp384 = 20,
    Curve25519 = 31,
}

/// <summary>Everything a provider can be asked about in <see cref="ICryptoProvider.Supports"/>.</summary>
public enum CryptoAlgorithm
{
    AesGcm16,
    AesCbc,
    TripleDesCbc,
    HmacSha1,
    HmacSha256,
    HmacSha384,
    HmacSha512,
    Modp1024,
    Modp2048,
    Modp3072,
    Ecp256,
    Ecp384,
    Curve25519,
}
