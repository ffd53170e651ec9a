using EdgeMx.Hal.Crypto;

namespace EdgeMx.Esp.Transform;

/// <summary>
/// The crypto of one SA direction, working in place on a whole ESP packet laid out as
/// <c>SPI | Seq | IV | payload+padding+trailer | ICV</c>. Built once per SA direction from the crypto provider
/// (for AES-GCM the provider's path is OpenSSL's AES-NI / ARMv8-CE one) and reused for every packet; not thread-safe,
/// the SA serialises its use.
/// </summary>
internal abstract class EspCipher : IDisposable
{
    protected EspCipher(EspCipherSuite suite) => Suite = suite;

    public EspCipherSuite Suite { get; }

    public static EspCipher Create(EspCipherSuite suite, EspKeyMaterial keys, ICryptoProvider provider)
    {
        keys.Validate(suite);
        return suite.IsAead
            ? new GcmEspCipher(suite, keys.EncryptionKey, provider)
            : new CbcHmacEspCipher(suite, keys.EncryptionKey, keys.IntegrityKey, provider);
    }

    /// <summary>Writes the IV for the next outbound packet.</summary>
    public abstract void NextIv(Span<byte> iv);

    /// <summary>
    /// Encrypts <paramref name="textLength"/> octets after the IV in place and writes the ICV after them.
    /// <paramref name="sequenceHigh"/> is authenticated but not sent when <paramref name="esn"/> (RFC 4303 §2.2.1).
    /// </summary>
    public abstract void Seal(Span<byte> packet, int textLength, uint sequenceHigh, bool esn);

    /// <summary>
    /// Verifies the ICV over the whole packet and only then decrypts the text in place. Returns false, leaving
    /// nothing decrypted that could be used, when the ICV does not verify.
    /// </summary>
    public abstract bool Open(Span<byte> packet, uint sequenceHigh, bool esn);

    public abstract void Dispose();
}
