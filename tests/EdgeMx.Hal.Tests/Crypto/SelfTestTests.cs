using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Crypto.SelfTest;

namespace EdgeMx.Hal.Tests.Crypto;

public class SelfTestTests
{
    [Theory]
    [MemberData(nameof(KnownAnswerTests.ProviderNames), MemberType = typeof(KnownAnswerTests))]
    public void Every_provider_passes_every_start_up_known_answer_test(string provider)
    {
        var report = CryptoSelfTest.Run(Providers.Create(provider));
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(Enum.GetValues<CryptoAlgorithm>().Length, report.Results.Length);
        Assert.Equal(provider, report.Provider);
    }

    [Theory]
    [InlineData(CryptoAlgorithm.AesGcm16)]
    [InlineData(CryptoAlgorithm.AesCbc)]
    [InlineData(CryptoAlgorithm.TripleDesCbc)]
    [InlineData(CryptoAlgorithm.HmacSha1)]
    [InlineData(CryptoAlgorithm.HmacSha512)]
    [InlineData(CryptoAlgorithm.Modp2048)]
    [InlineData(CryptoAlgorithm.Ecp384)]
    [InlineData(CryptoAlgorithm.Curve25519)]
    public void A_provider_that_corrupts_one_primitive_fails_exactly_that_test(CryptoAlgorithm broken)
    {
        var report = CryptoSelfTest.Run(new CorruptingProvider(new Hal.Linux.Crypto.Platform.PlatformCryptoProvider(), broken));
        Assert.False(report.Passed);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(broken, failure.Algorithm);
        Assert.Contains(broken.Name(), report.ToString());
    }

    [Fact]
    public void A_provider_that_accepts_forged_tags_or_invalid_peers_fails()
    {
        var report = CryptoSelfTest.Run(new AcceptingProvider(new Hal.Linux.Crypto.Platform.PlatformCryptoProvider()));
        Assert.Equal(
            new[] { CryptoAlgorithm.AesGcm16, CryptoAlgorithm.Modp1024, CryptoAlgorithm.Modp2048, CryptoAlgorithm.Modp3072,
                    CryptoAlgorithm.Ecp256, CryptoAlgorithm.Ecp384, CryptoAlgorithm.Curve25519 },
            report.Failures.Select(f => f.Algorithm).ToArray());
    }

    [Fact]
    public void Unsupported_algorithms_are_not_tested()
    {
        var report = CryptoSelfTest.Run(new LimitedProvider(new Hal.Linux.Crypto.Platform.PlatformCryptoProvider()));
        Assert.True(report.Passed);
        Assert.Equal([CryptoAlgorithm.AesGcm16], report.Results.Select(r => r.Algorithm).ToArray());
    }
}
