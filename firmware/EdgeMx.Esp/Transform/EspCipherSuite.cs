using EdgeMx.Hal.Crypto;

namespace EdgeMx.Esp.Transform;

/// <summary>
/// What one ESP SA protects its packets with: an encryption transform with its key size and, for the CBC ciphers, an
/// integrity transform. Knows every size the packet layout needs (RFC 4303 §2: IV, block alignment, ICV) and how
/// much keying material each direction takes from KEYMAT (RFC 7296 §2.17).
/// </summary>
public sealed record EspCipherSuite
{
    public EspCipherSuite(EspEncryption encryption, int keyBits, EspIntegrity integrity = EspIntegrity.None)
    {
        switch (encryption)
        {
            case EspEncryption.AesGcm16:
            case EspEncryption.AesCbc:
                if (keyBits is not (128 or 192 or 256))
                    throw new ArgumentOutOfRangeException(nameof(keyBits), keyBits, "AES keys are 128, 192 or 256 bits");
                break;
            case EspEncryption.TripleDesCbc:
                if (keyBits != 192) throw new ArgumentOutOfRangeException(nameof(keyBits), keyBits, "3DES keys are 192 bits");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encryption), encryption, null);
        }
        if (!Enum.IsDefined(integrity)) throw new ArgumentOutOfRangeException(nameof(integrity), integrity, null);
        if (encryption == EspEncryption.AesGcm16 && integrity != EspIntegrity.None)
            throw new ArgumentException("AES-GCM is a combined-mode cipher: it takes no integrity transform (RFC 4106 §8)", nameof(integrity));
        // Encryption without integrity is allowed by RFC 4303 but RFC 8221 §5 says not to; we never offer or accept it.
        if (encryption != EspEncryption.AesGcm16 && integrity == EspIntegrity.None)
            throw new ArgumentException($"{encryption} needs an integrity transform (RFC 8221 §5: no encryption-only ESP)", nameof(integrity));
        Encryption = encryption;
        KeyBits = keyBits;
        Integrity = integrity;
    }

    public EspEncryption Encryption { get; }
    public int KeyBits { get; }
    public EspIntegrity Integrity { get; }

    public bool IsAead => Encryption == EspEncryption.AesGcm16;

    /// <summary>Cipher key octets, without the GCM salt.</summary>
    public int CipherKeySize => KeyBits / 8;

    /// <summary>RFC 4106 §8.1: the last four octets of the encryption keying material are the nonce salt.</summary>
    public int SaltSize => IsAead ? 4 : 0;

    /// <summary>Encryption keying material per direction, as taken from KEYMAT (key, then salt for GCM).</summary>
    public int EncryptionKeyMaterialSize => CipherKeySize + SaltSize;

    /// <summary>Integrity key octets per direction: the full hash length (RFC 2404 §3, RFC 4868 §2.1.1).</summary>
    public int IntegrityKeySize => Integrity switch
    {
        EspIntegrity.HmacSha1_96 => 20,
        EspIntegrity.HmacSha256_128 => 32,
        EspIntegrity.HmacSha384_192 => 48,
        EspIntegrity.HmacSha512_256 => 64,
        _ => 0,
    };

    /// <summary>Explicit IV on the wire: 8 for GCM (RFC 4106 §3.1), the cipher block for CBC (RFC 3602 §3, RFC 2451 §2.3).</summary>
    public int IvSize => Encryption switch
    {
        EspEncryption.AesGcm16 => 8,
        EspEncryption.AesCbc => 16,
        _ => 8,
    };

    /// <summary>Integrity Check Value octets: 16 for GCM-16, otherwise the HMAC truncation length.</summary>
    public int IcvSize => Integrity switch
    {
        EspIntegrity.None => 16,
        EspIntegrity.HmacSha1_96 => 12,
        EspIntegrity.HmacSha256_128 => 16,
        EspIntegrity.HmacSha384_192 => 24,
        _ => 32,
    };

    /// <summary>
    /// What payload + padding + the two trailer octets must be a multiple of: the cipher block for CBC, and 4 for
    /// GCM, whose block size is 1 but whose ciphertext RFC 4303 §2.4 still aligns to a 4-octet boundary.
    /// </summary>
    public int Alignment => Encryption switch
    {
        EspEncryption.AesGcm16 => 4,
        EspEncryption.AesCbc => 16,
        _ => 8,
    };

    internal HashAlgorithm HmacHash => Integrity switch
    {
        EspIntegrity.HmacSha1_96 => HashAlgorithm.Sha1,
        EspIntegrity.HmacSha256_128 => HashAlgorithm.Sha256,
        EspIntegrity.HmacSha384_192 => HashAlgorithm.Sha384,
        EspIntegrity.HmacSha512_256 => HashAlgorithm.Sha512,
        _ => throw new InvalidOperationException("AES-GCM has no separate HMAC"),
    };

    /// <summary>ESP header (SPI, sequence number) plus IV: what precedes the encrypted payload.</summary>
    public int HeaderSize => EspPacket.HeaderSize + IvSize;

    /// <summary>The most an ESP packet can be longer than its payload: header, IV, worst-case padding, trailer, ICV.</summary>
    public int MaxOverhead => HeaderSize + Alignment - 1 + EspPacket.TrailerSize + IcvSize;

    /// <summary>
    /// The largest inner packet whose ESP packet fits in <paramref name="espSpace"/> octets (the room left in the
    /// outer packet after the outer IP header and, with NAT-T, the UDP header).
    /// </summary>
    public int MaxPayloadFor(int espSpace)
    {
        var ciphertext = espSpace - HeaderSize - IcvSize;
        if (ciphertext < Alignment) return 0;
        return Math.Max(0, ciphertext / Alignment * Alignment - EspPacket.TrailerSize);
    }

    /// <summary>strongSwan's `swanctl --list-sas` spelling, e.g. AES_GCM_16-128 or AES_CBC-256/HMAC_SHA2_256_128.</summary>
    public string Name => Encryption switch
    {
        EspEncryption.AesGcm16 => $"AES_GCM_16-{KeyBits}",
        EspEncryption.AesCbc => $"AES_CBC-{KeyBits}/{IntegrityName}",
        _ => $"3DES_CBC/{IntegrityName}",
    };

    private string IntegrityName => Integrity switch
    {
        EspIntegrity.HmacSha1_96 => "HMAC_SHA1_96",
        EspIntegrity.HmacSha256_128 => "HMAC_SHA2_256_128",
        EspIntegrity.HmacSha384_192 => "HMAC_SHA2_384_192",
        _ => "HMAC_SHA2_512_256",
    };

    public override string ToString() => Name;
}
