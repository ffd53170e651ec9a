using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Managed;
using EdgeMx.Hal.Linux.Crypto.Platform.OpenSsl;
using HashAlgorithm = EdgeMx.Hal.Crypto.HashAlgorithm;

namespace EdgeMx.Hal.Linux.Crypto.Platform;

/// <summary>
/// The "platform" provider: System.Security.Cryptography over the system OpenSSL, which uses AES-NI/PCLMULQDQ on
/// x86-64 and the ARMv8 crypto extensions (AES, PMULL, SHA) on the Pi 4 / CM4 class of boards. What the BCL lacks:
/// MODP DH is done with <see cref="System.Numerics.BigInteger"/> (see <see cref="PlatformModpKeyExchange"/>), and
/// X25519 is OpenSSL's, called directly (<see cref="OpenSslX25519KeyExchange"/>), with the managed implementation
/// (<see cref="ManagedX25519KeyExchange"/>) as the fallback when libcrypto cannot be loaded.
/// Thread-safe; the objects it creates are not.
/// </summary>
public sealed class PlatformCryptoProvider : ICryptoProvider
{
    public const string ProviderName = "platform";

    public string Name => ProviderName;

    public bool Supports(CryptoAlgorithm algorithm) => algorithm switch
    {
        CryptoAlgorithm.AesGcm16 => AesGcm.IsSupported,
        CryptoAlgorithm.Ecp256 or CryptoAlgorithm.Ecp384 => IsEcdhSupported,
        _ => Enum.IsDefined(algorithm),
    };

    public IAeadCipher CreateAead(AeadAlgorithm algorithm, ReadOnlySpan<byte> key)
    {
        Require(algorithm.ToAlgorithm());
        return new PlatformAesGcm(key);
    }

    public ICbcCipher CreateCbc(CbcAlgorithm algorithm, ReadOnlySpan<byte> key)
    {
        Require(algorithm.ToAlgorithm());
        return new PlatformCbcCipher(algorithm, key);
    }

    public IHmac CreateHmac(HashAlgorithm hash, ReadOnlySpan<byte> key)
    {
        Require(hash.ToHmacAlgorithm());
        return new PlatformHmac(hash, key);
    }

    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group) => CreateKeyExchange(group, default);

    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group, ReadOnlySpan<byte> privateKey)
    {
        Require(group.ToAlgorithm());
        if (ModpGroup.TryGet(group, out var modp)) return new PlatformModpKeyExchange(modp, privateKey);
        if (EcpCurve.TryGet(group, out var curve)) return new PlatformEcpKeyExchange(curve, privateKey);
        // OpenSSL's X25519 when libcrypto is there (it is wherever the BCL's crypto works); managed otherwise.
        return LibCrypto.IsAvailable ? new OpenSslX25519KeyExchange(privateKey) : new ManagedX25519KeyExchange(privateKey);
    }

    public void GetRandomBytes(Span<byte> destination) => RandomNumberGenerator.Fill(destination);

    private static readonly bool IsEcdhSupported = ProbeEcdh();

    private static bool ProbeEcdh()
    {
        try
        {
            using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            return true;
        }
        catch (PlatformNotSupportedException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private void Require(CryptoAlgorithm algorithm)
    {
        if (!Supports(algorithm))
            throw new NotSupportedException($"the {Name} crypto provider does not support {algorithm.Name()} on this system");
    }
}
