using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Crypto.SelfTest;
using EdgeMx.Hal.Linux.Crypto.Managed;
using EdgeMx.Hal.Linux.Crypto.Platform;

namespace EdgeMx.Hal.Tests.Crypto;

/// <summary>The operator's fault injection (EDGEMX_CRYPTO_FAULT_INJECT) really breaks the named primitive, so the
/// start-up self-test catches exactly that one; the lab test runs it through the real appliance.</summary>
public class FaultInjectionTests
{
    public static TheoryData<string, CryptoAlgorithm> Cases()
    {
        var data = new TheoryData<string, CryptoAlgorithm>();
        foreach (var algorithm in Enum.GetValues<CryptoAlgorithm>())
        {
            data.Add("platform", algorithm);
            data.Add("managed", algorithm);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_injected_primitive_and_only_it_fails_the_self_test(string provider, CryptoAlgorithm broken)
    {
        ICryptoProvider inner = provider == "platform" ? new PlatformCryptoProvider() : new ManagedCryptoProvider();
        var report = CryptoSelfTest.Run(new FaultInjectedProvider(inner, broken));
        Assert.Equal(provider, report.Provider);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(broken, failure.Algorithm);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Unset_means_no_injection(string? value) => Assert.Null(FaultInjectedProvider.Parse(value));

    [Fact]
    public void Parses_provider_and_algorithm() =>
        Assert.Equal(("platform", CryptoAlgorithm.AesGcm16), FaultInjectedProvider.Parse("platform:aes-gcm-16"));

    [Theory]
    [InlineData("platform")]
    [InlineData(":aes-gcm-16")]
    [InlineData("platform:rot13")]
    public void Rejects_anything_else_with_the_expected_form(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => FaultInjectedProvider.Parse(value));
        Assert.Contains("PROVIDER:ALGORITHM", e.Message);
    }
}
