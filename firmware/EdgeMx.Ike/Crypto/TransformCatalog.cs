using EdgeMx.Hal.Crypto;

namespace EdgeMx.Ike.Crypto;

/// <summary>
/// Every transform EdgeMx implements, with strongSwan's proposal keywords (so proposals can be copied between a
/// swanctl.conf and an EdgeMx config) and strongSwan's log names (so events read like charon's log).
/// </summary>
public static class TransformCatalog
{
    public static readonly IReadOnlyList<EncryptionTransform> Encryption =
    [
        new(EncryptionAlgorithm.AesCbc, 128, "aes128", "AES_CBC_128"),
        new(EncryptionAlgorithm.AesCbc, 192, "aes192", "AES_CBC_192"),
        new(EncryptionAlgorithm.AesCbc, 256, "aes256", "AES_CBC_256"),
        new(EncryptionAlgorithm.AesGcm16, 128, "aes128gcm16", "AES_GCM_16_128"),
        new(EncryptionAlgorithm.AesGcm16, 192, "aes192gcm16", "AES_GCM_16_192"),
        new(EncryptionAlgorithm.AesGcm16, 256, "aes256gcm16", "AES_GCM_16_256"),
        new(EncryptionAlgorithm.TripleDes, 192, "3des", "3DES_CBC"),
    ];

    public static readonly IReadOnlyList<PrfTransform> Prf =
    [
        new(PrfAlgorithm.HmacSha1, HashAlgorithm.Sha1, 20, "prfsha1", "PRF_HMAC_SHA1"),
        new(PrfAlgorithm.HmacSha256, HashAlgorithm.Sha256, 32, "prfsha256", "PRF_HMAC_SHA2_256"),
        new(PrfAlgorithm.HmacSha384, HashAlgorithm.Sha384, 48, "prfsha384", "PRF_HMAC_SHA2_384"),
        new(PrfAlgorithm.HmacSha512, HashAlgorithm.Sha512, 64, "prfsha512", "PRF_HMAC_SHA2_512"),
    ];

    public static readonly IReadOnlyList<IntegrityTransform> Integrity =
    [
        new(IntegrityAlgorithm.HmacSha1_96, HashAlgorithm.Sha1, 20, 12, "sha1", "HMAC_SHA1_96"),
        new(IntegrityAlgorithm.HmacSha256_128, HashAlgorithm.Sha256, 32, 16, "sha256", "HMAC_SHA2_256_128"),
        new(IntegrityAlgorithm.HmacSha384_192, HashAlgorithm.Sha384, 48, 24, "sha384", "HMAC_SHA2_384_192"),
        new(IntegrityAlgorithm.HmacSha512_256, HashAlgorithm.Sha512, 64, 32, "sha512", "HMAC_SHA2_512_256"),
    ];

    public static readonly IReadOnlyList<KeyExchangeTransform> KeyExchange =
    [
        new(KeyExchangeGroup.Modp1024, 128, "modp1024", "MODP_1024"),
        new(KeyExchangeGroup.Modp2048, 256, "modp2048", "MODP_2048"),
        new(KeyExchangeGroup.Modp3072, 384, "modp3072", "MODP_3072"),
        new(KeyExchangeGroup.Ecp256, 64, "ecp256", "ECP_256"),
        new(KeyExchangeGroup.Ecp384, 96, "ecp384", "ECP_384"),
        new(KeyExchangeGroup.Curve25519, 32, "curve25519", "CURVE_25519"),
    ];

    /// <summary>strongSwan's aliases for the keywords above.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["aes"] = "aes128",
        ["aes128gcm128"] = "aes128gcm16",
        ["aes192gcm128"] = "aes192gcm16",
        ["aes256gcm128"] = "aes256gcm16",
        ["sha"] = "sha1",
        ["sha2_256"] = "sha256",
        ["sha2_384"] = "sha384",
        ["sha2_512"] = "sha512",
        ["prfsha2_256"] = "prfsha256",
        ["prfsha2_384"] = "prfsha384",
        ["prfsha2_512"] = "prfsha512",
        ["x25519"] = "curve25519",
    };

    public static string Canonical(string keyword) => Aliases.TryGetValue(keyword, out var canonical) ? canonical : keyword;

    public static EncryptionTransform? FindEncryption(string keyword) =>
        Encryption.FirstOrDefault(t => t.Keyword.Equals(Canonical(keyword), StringComparison.OrdinalIgnoreCase));

    public static PrfTransform? FindPrf(string keyword) =>
        Prf.FirstOrDefault(t => t.Keyword.Equals(Canonical(keyword), StringComparison.OrdinalIgnoreCase));

    public static IntegrityTransform? FindIntegrity(string keyword) =>
        Integrity.FirstOrDefault(t => t.Keyword.Equals(Canonical(keyword), StringComparison.OrdinalIgnoreCase));

    public static KeyExchangeTransform? FindKeyExchange(string keyword) =>
        KeyExchange.FirstOrDefault(t => t.Keyword.Equals(Canonical(keyword), StringComparison.OrdinalIgnoreCase));

    public static EncryptionTransform? FindEncryption(ushort id, int? keyBits) =>
        Encryption.FirstOrDefault(t => (ushort)t.Algorithm == id
            && (t.HasKeyLengthAttribute ? keyBits == t.KeyBits : keyBits is null));

    public static PrfTransform? FindPrf(ushort id) => Prf.FirstOrDefault(t => (ushort)t.Algorithm == id);

    public static IntegrityTransform? FindIntegrity(ushort id) => Integrity.FirstOrDefault(t => (ushort)t.Algorithm == id);

    public static KeyExchangeTransform? FindKeyExchange(ushort group) => KeyExchange.FirstOrDefault(t => t.Number == group);

    /// <summary>The PRF strongSwan derives from an integrity keyword when an IKE proposal names none ("aes128-sha256-modp2048").</summary>
    public static PrfTransform PrfFor(IntegrityTransform integrity) => integrity.Hash switch
    {
        HashAlgorithm.Sha1 => Prf[0],
        HashAlgorithm.Sha256 => Prf[1],
        HashAlgorithm.Sha384 => Prf[2],
        _ => Prf[3],
    };

    /// <summary>A readable name for a transform we may not implement ("ENCR 23", "MODP_8192"), for diagnostics.</summary>
    public static string Describe(Messages.TransformType type, ushort id, int? keyBits) => type switch
    {
        Messages.TransformType.Encryption => FindEncryption(id, keyBits)?.Name
            ?? $"ENCR_{(EncryptionAlgorithm)id}{(keyBits is { } k ? $"_{k}" : "")}".ToUpperInvariant(),
        Messages.TransformType.PseudoRandomFunction => FindPrf(id)?.Name ?? $"PRF_{id}",
        Messages.TransformType.Integrity => id == 0 ? "NO_INTEG" : FindIntegrity(id)?.Name ?? $"INTEG_{id}",
        Messages.TransformType.KeyExchange => id == 0 ? "NO_KE" : FindKeyExchange(id)?.Name ?? $"KE_{id}",
        Messages.TransformType.ExtendedSequenceNumbers => id == 1 ? "EXT_SEQ" : "NO_EXT_SEQ",
        _ => $"TRANSFORM_{(byte)type}_{id}",
    };
}
