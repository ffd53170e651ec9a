using System.Collections.Immutable;
using System.Security.Cryptography;

namespace EdgeMx.Hal.Crypto.SelfTest;

/// <summary>
/// Start-up known-answer tests: every algorithm a provider says it supports is run against a published vector (and,
/// where it matters, a must-fail case: a forged tag, an off-curve or low-order peer value). The appliance runs this
/// before it hands a provider to IKE/ESP; any failure disables that provider and raises a fault.
/// </summary>
public static partial class CryptoSelfTest
{
    public static CryptoSelfTestReport Run(ICryptoProvider provider, IEnumerable<CryptoAlgorithm>? algorithms = null)
    {
        var results = ImmutableArray.CreateBuilder<AlgorithmSelfTest>();
        foreach (var algorithm in algorithms ?? Enum.GetValues<CryptoAlgorithm>())
        {
            if (!provider.Supports(algorithm)) continue;
            results.Add(RunOne(provider, algorithm));
        }
        return new CryptoSelfTestReport(provider.Name, results.ToImmutable());
    }

    public static AlgorithmSelfTest RunOne(ICryptoProvider provider, CryptoAlgorithm algorithm)
    {
        try
        {
            switch (algorithm)
            {
                case CryptoAlgorithm.AesGcm16: AesGcm(provider); break;
                case CryptoAlgorithm.AesCbc: AesCbc(provider); break;
                case CryptoAlgorithm.TripleDesCbc: TripleDesCbc(provider); break;
                case CryptoAlgorithm.HmacSha1: Hmac(provider, HashAlgorithm.Sha1); break;
                case CryptoAlgorithm.HmacSha256: Hmac(provider, HashAlgorithm.Sha256); break;
                case CryptoAlgorithm.HmacSha384: Hmac(provider, HashAlgorithm.Sha384); break;
                case CryptoAlgorithm.HmacSha512: Hmac(provider, HashAlgorithm.Sha512); break;
                case CryptoAlgorithm.Modp1024: Modp(provider, KeyExchangeGroup.Modp1024); break;
                case CryptoAlgorithm.Modp2048: Modp(provider, KeyExchangeGroup.Modp2048); break;
                case CryptoAlgorithm.Modp3072: Modp(provider, KeyExchangeGroup.Modp3072); break;
                case CryptoAlgorithm.Ecp256: Ecp(provider, KeyExchangeGroup.Ecp256); break;
                case CryptoAlgorithm.Ecp384: Ecp(provider, KeyExchangeGroup.Ecp384); break;
                case CryptoAlgorithm.Curve25519: X25519(provider); break;
                default: throw new KnownAnswerMismatchException($"no known-answer test for {algorithm}");
            }
            return new AlgorithmSelfTest(algorithm, true, null);
        }
        catch (Exception e) when (e is KnownAnswerMismatchException or CryptographicException or ArgumentException
                                      or InvalidOperationException or NotSupportedException or PlatformNotSupportedException)
        {
            return new AlgorithmSelfTest(algorithm, false, e.Message);
        }
    }

    private static void Expect(ReadOnlySpan<byte> actual, string expectedHex, string what)
    {
        if (!actual.SequenceEqual(Convert.FromHexString(expectedHex)))
            throw new KnownAnswerMismatchException($"{what}: got {Convert.ToHexStringLower(actual)}");
    }

    private static void ExpectThrows(Action action, string what)
    {
        try
        {
            action();
        }
        catch (CryptographicException)
        {
            return;
        }
        throw new KnownAnswerMismatchException($"{what} was accepted");
    }

    private static byte[] H(string hex) => Convert.FromHexString(hex);

    private sealed class KnownAnswerMismatchException(string message) : Exception(message);
}
