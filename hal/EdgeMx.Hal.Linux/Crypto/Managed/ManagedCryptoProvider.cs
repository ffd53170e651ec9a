using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;
using HashAlgorithm = EdgeMx.Hal.Crypto.HashAlgorithm;

namespace EdgeMx.Hal.Linux.Crypto.Managed;

/// <summary>
/// The "managed" provider: BouncyCastle (Portable.BouncyCastle 1.8.10) through concrete engine classes only —
/// AesEngine/GcmBlockCipher, CbcBlockCipher, DesEdeEngine, HMac with concrete digests, DHBasicAgreement,
/// ECDHBasicAgreement, X25519Agreement. Never CipherUtilities/DigestUtilities/`new SecureRandom()`, whose
/// reflection-based lookups fail under Native AOT. Randomness comes from the OS CSPRNG (<see cref="RandomNumberGenerator"/>).
/// Portable and independent of OpenSSL: the fallback when the platform provider fails its self-test, and the
/// reference the platform provider is cross-checked against.
/// </summary>
public sealed class ManagedCryptoProvider : ICryptoProvider
{
    public const string ProviderName = "managed";

    public string Name => ProviderName;

    public bool Supports(CryptoAlgorithm algorithm) => Enum.IsDefined(algorithm);

    public IAeadCipher CreateAead(AeadAlgorithm algorithm, ReadOnlySpan<byte> key) =>
        algorithm == AeadAlgorithm.AesGcm16
            ? new ManagedAesGcm(key)
            : throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null);

    public ICbcCipher CreateCbc(CbcAlgorithm algorithm, ReadOnlySpan<byte> key) => new ManagedCbcCipher(algorithm, key);

    public IHmac CreateHmac(HashAlgorithm hash, ReadOnlySpan<byte> key) => new ManagedHmac(hash, key);

    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group) => CreateKeyExchange(group, default);

    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group, ReadOnlySpan<byte> privateKey)
    {
        if (ModpGroup.TryGet(group, out var modp)) return new ManagedModpKeyExchange(modp, privateKey);
        if (EcpCurve.TryGet(group, out var curve)) return new ManagedEcpKeyExchange(curve, privateKey);
        if (group == KeyExchangeGroup.Curve25519) return new ManagedX25519KeyExchange(privateKey);
        throw new ArgumentOutOfRangeException(nameof(group), group, null);
    }

    public void GetRandomBytes(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
