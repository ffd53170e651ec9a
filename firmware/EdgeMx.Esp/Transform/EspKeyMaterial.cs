namespace EdgeMx.Esp.Transform;

/// <summary>
/// One direction's keys as taken from KEYMAT (RFC 7296 §2.17): the encryption key (for AES-GCM followed by the
/// 4-octet salt, RFC 4106 §8.1) and the integrity key (empty for AES-GCM). The SA copies what it needs into its
/// cipher objects; the owner clears this with <see cref="Dispose"/>. Never logged, never in status.
/// </summary>
public sealed class EspKeyMaterial : IDisposable
{
    private readonly byte[] _encryption;
    private readonly byte[] _integrity;

    public EspKeyMaterial(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> integrityKey)
    {
        _encryption = encryptionKey.ToArray();
        _integrity = integrityKey.ToArray();
    }

    public ReadOnlySpan<byte> EncryptionKey => _encryption;
    public ReadOnlySpan<byte> IntegrityKey => _integrity;

    /// <summary>Checks the lengths against what <paramref name="suite"/> takes, before any cipher is built.</summary>
    public void Validate(EspCipherSuite suite)
    {
        if (_encryption.Length != suite.EncryptionKeyMaterialSize)
            throw new ArgumentException(
                $"{suite.Name} takes {suite.EncryptionKeyMaterialSize} octets of encryption keying material, got {_encryption.Length}");
        if (_integrity.Length != suite.IntegrityKeySize)
            throw new ArgumentException($"{suite.Name} takes a {suite.IntegrityKeySize}-octet integrity key, got {_integrity.Length}");
    }

    public override string ToString() => $"EspKeyMaterial({_encryption.Length}+{_integrity.Length} octets, hidden)";

    public void Dispose()
    {
        Array.Clear(_encryption);
        Array.Clear(_integrity);
    }
}
