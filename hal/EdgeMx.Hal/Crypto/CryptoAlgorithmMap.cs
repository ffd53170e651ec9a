namespace EdgeMx.Hal.Crypto;

/// <summary>Maps the operation-specific enums onto <see cref="CryptoAlgorithm"/> (what <see cref="ICryptoProvider.Supports"/>
/// and the self-tests speak) and gives every algorithm its stable config/log name.</summary>
public static class CryptoAlgorithmMap
{
    public static CryptoAlgorithm ToAlgorithm(this AeadAlgorithm algorithm) => algorithm switch
    {
        AeadAlgorithm.AesGcm16 => CryptoAlgorithm.AesGcm16,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    public static CryptoAlgorithm ToAlgorithm(this CbcAlgorithm algorithm) => algorithm switch
    {
        CbcAlgorithm.AesCbc => CryptoAlgorithm.AesCbc,
        CbcAlgorithm.TripleDesCbc => CryptoAlgorithm.TripleDesCbc,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    public static CryptoAlgorithm ToHmacAlgorithm(this HashAlgorithm hash) => hash switch
    {
        HashAlgorithm.Sha1 => CryptoAlgorithm.HmacSha1,
        HashAlgorithm.Sha256 => CryptoAlgorithm.HmacSha256,
        HashAlgorithm.Sha384 => CryptoAlgorithm.HmacSha384,
        HashAlgorithm.Sha512 => CryptoAlgorithm.HmacSha512,
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, null),
    };

    public static CryptoAlgorithm ToAlgorithm(this KeyExchangeGroup group) => group switch
    {
        KeyExchangeGroup.Modp1024 => CryptoAlgorithm.Modp1024,
        KeyExchangeGroup.Modp2048 => CryptoAlgorithm.Modp2048,
        KeyExchangeGroup.Modp3072 => CryptoAlgorithm.Modp3072,
        KeyExchangeGroup.Ecp256 => CryptoAlgorithm.Ecp256,
        KeyExchangeGroup.Ecp384 => CryptoAlgorithm.Ecp384,
        KeyExchangeGroup.Curve25519 => CryptoAlgorithm.Curve25519,
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, null),
    };

    public static int HashSize(this HashAlgorithm hash) => hash switch
    {
        HashAlgorithm.Sha1 => 20,
        HashAlgorithm.Sha256 => 32,
        HashAlgorithm.Sha384 => 48,
        HashAlgorithm.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, null),
    };

    /// <summary>Stable lower-case names used in board configs, logs and status ("aes-gcm-16", "modp2048", ...).</summary>
    public static string Name(this CryptoAlgorithm algorithm) => algorithm switch
    {
        CryptoAlgorithm.AesGcm16 => "aes-gcm-16",
        CryptoAlgorithm.AesCbc => "aes-cbc",
        CryptoAlgorithm.TripleDesCbc => "3des-cbc",
        CryptoAlgorithm.HmacSha1 => "hmac-sha1",
        CryptoAlgorithm.HmacSha256 => "hmac-sha256",
        CryptoAlgorithm.HmacSha384 => "hmac-sha384",
        CryptoAlgorithm.HmacSha512 => "hmac-sha512",
        CryptoAlgorithm.Modp1024 => "modp1024",
        CryptoAlgorithm.Modp2048 => "modp2048",
        CryptoAlgorithm.Modp3072 => "modp3072",
        CryptoAlgorithm.Ecp256 => "ecp256",
        CryptoAlgorithm.Ecp384 => "ecp384",
        CryptoAlgorithm.Curve25519 => "curve25519",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };

    public static bool TryParse(string name, out CryptoAlgorithm algorithm)
    {
        foreach (var candidate in Enum.GetValues<CryptoAlgorithm>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }
        algorithm = default;
        return false;
    }
}
