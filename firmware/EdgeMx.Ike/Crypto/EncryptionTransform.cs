using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Crypto;

/// <summary>
/// An encryption algorithm with its key size, as negotiated. AES-GCM with a 16-octet ICV is an AEAD: its keying
/// material is the key plus a 4-octet salt (RFC 5282 §7.1, RFC 4106 §8.1), its IV is 8 octets and it needs no
/// separate integrity transform.
/// </summary>
public sealed record EncryptionTransform(EncryptionAlgorithm Algorithm, int KeyBits, string Keyword, string Name)
{
    public bool IsAead => Algorithm == EncryptionAlgorithm.AesGcm16;

    public int KeySize => KeyBits / 8;

    public int SaltSize => IsAead ? 4 : 0;

    /// <summary>Octets of prf+ output this transform consumes (SK_e, or one direction of KEYMAT).</summary>
    public int KeyMaterialSize => KeySize + SaltSize;

    public int BlockSize => Algorithm == EncryptionAlgorithm.TripleDes ? 8 : 16;

    public int IvSize => IsAead ? 8 : BlockSize;

    public int IcvSize => IsAead ? 16 : 0;

    /// <summary>3DES has a fixed key size and must be sent without the Key Length attribute (RFC 7296 §3.3.5).</summary>
    public bool HasKeyLengthAttribute => Algorithm != EncryptionAlgorithm.TripleDes;

    public Transform ToWire() =>
        new(TransformType.Encryption, (ushort)Algorithm, HasKeyLengthAttribute ? KeyBits : null);

    public override string ToString() => Name;
}
