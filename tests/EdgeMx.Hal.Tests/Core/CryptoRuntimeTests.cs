using EdgeMx.Core.Crypto;
using EdgeMx.Core.Events;
using EdgeMx.Core.Leds;
using EdgeMx.Core.State;
using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Crypto.Selection;
using EdgeMx.Hal.Leds;
using EdgeMx.Hal.Linux.Crypto.Managed;
using EdgeMx.Hal.Linux.Crypto.Platform;
using EdgeMx.Hal.Tests.Crypto;
using EdgeMx.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Hal.Tests.Core;

public class CryptoRuntimeTests
{
    private static readonly CpuCryptoFeatures Cpu = new("x64", true, true, false, false);
    private static readonly KernelEspOffload NoEsp = new(false, "no ESP", ["test"]);

    [Theory]
    [InlineData(CryptoPreference.Auto, "platform", "auto: platform")]
    [InlineData(CryptoPreference.Platform, "platform", "as configured")]
    [InlineData(CryptoPreference.Managed, "managed", "as configured")]
    public void The_preference_chooses_among_providers_that_pass(CryptoPreference preference, string expected, string reason)
    {
        var selection = CryptoProviderSelector.Select(preference, [new PlatformCryptoProvider(), new ManagedCryptoProvider()], Cpu, NoEsp, ["aes", "pmull"]);
        Assert.Equal(expected, selection.Provider!.Name);
        Assert.Contains(reason, selection.Reason);
        Assert.Empty(selection.Faults);
        Assert.Empty(selection.Warnings);
        Assert.All(selection.SelfTests, r => Assert.True(r.Passed));
    }

    [Fact]
    public void A_provider_that_fails_its_self_test_is_disabled_and_the_other_takes_over()
    {
        var broken = new RenamedProvider("platform", new CorruptingProvider(new PlatformCryptoProvider(), CryptoAlgorithm.AesGcm16));
        var selection = CryptoProviderSelector.Select(CryptoPreference.Auto, [broken, new ManagedCryptoProvider()], Cpu, NoEsp, []);
        Assert.Equal("managed", selection.Provider!.Name);
        Assert.Contains("preferred platform provider is not available", selection.Reason);
        var fault = Assert.Single(selection.Faults);
        Assert.Contains("platform failed its self-test", fault);
        Assert.Contains("aes-gcm-16", fault);
    }

    [Fact]
    public void With_every_provider_failing_there_is_no_provider_at_all()
    {
        var selection = CryptoProviderSelector.Select(CryptoPreference.Auto,
            [new CorruptingProvider(new ManagedCryptoProvider(), CryptoAlgorithm.Curve25519)], Cpu, NoEsp, []);
        Assert.Null(selection.Provider);
        Assert.Contains("no crypto provider passed", selection.Reason);
    }

    [Fact]
    public void Board_capabilities_that_the_cpu_lacks_are_warned_about()
    {
        var pi = new CpuCryptoFeatures("arm64", false, false, false, false);
        var selection = CryptoProviderSelector.Select(CryptoPreference.Auto, [new PlatformCryptoProvider()], pi, NoEsp, ["aes"]);
        Assert.Contains(selection.Warnings, w => w.Contains("declares CPU capability \"aes\""));
        Assert.Contains("no CPU AES instructions", selection.Reason);
    }

    [Fact]
    public void Start_up_failure_raises_a_fault_event_and_the_fault_led()
    {
        var time = new ManualTimeProvider();
        var store = new ApplianceStateStore(new ApplianceState { DeviceId = "t", FirmwareVersion = "0", Ready = true }, time);
        var events = new EventLog(new EventLogOptions { Capacity = 100 }, time, NullLogger<EventLog>.Instance);
        var broken = new RenamedProvider("platform", new CorruptingProvider(new PlatformCryptoProvider(), CryptoAlgorithm.HmacSha256));
        var runtime = new CryptoRuntime([broken, new ManagedCryptoProvider()], new FixedProbe(NoEsp), CryptoRuntimeOptions.Default,
            store, events, time, NullLogger<CryptoRuntime>.Instance);
        runtime.Initialize();

        Assert.Equal("managed", runtime.Provider.Name);
        var crypto = store.Current.Crypto!;
        Assert.Equal("managed", crypto.Provider);
        Assert.False(crypto.Providers.Single(p => p.Name == "platform").SelfTestPassed);
        Assert.Contains("hmac-sha256", crypto.Providers.Single(p => p.Name == "platform").Failures.Single());
        Assert.False(crypto.KernelEspOffload);
        var fault = Assert.Single(store.Current.Faults);
        Assert.Equal("crypto", fault.Source);
        Assert.Contains(events.Read(), e => e.Severity == EventSeverity.Critical && e.Type == "system.crypto.self-test-failed");

        var system = LedStateMapper.Default.Map(store.Current).Single(l => l.Name == LedIndicators.System);
        Assert.Equal(new LedState(LedColour.Red, LedPattern.FastBlink), system.State);
    }

    [Fact]
    public void Healthy_start_up_reports_the_choice_and_no_fault()
    {
        var time = new ManualTimeProvider();
        var store = new ApplianceStateStore(new ApplianceState { DeviceId = "t", FirmwareVersion = "0" }, time);
        var events = new EventLog(new EventLogOptions { Capacity = 100 }, time, NullLogger<EventLog>.Instance);
        var runtime = new CryptoRuntime([new PlatformCryptoProvider(), new ManagedCryptoProvider()], new FixedProbe(NoEsp),
            CryptoRuntimeOptions.Default, store, events, time, NullLogger<CryptoRuntime>.Instance);
        Assert.Throws<InvalidOperationException>(() => runtime.Provider);
        runtime.Initialize();
        Assert.Equal("platform", runtime.Provider.Name);
        Assert.Empty(store.Current.Faults);
        Assert.All(store.Current.Crypto!.Providers, p => Assert.Equal(13, p.Tests));
        Assert.Contains(events.Read(), e => e.Type == "system.crypto.selected" && e.Message.Contains("kernel ESP offload absent"));
    }

    private sealed class FixedProbe(KernelEspOffload result) : IKernelEspOffloadProbe
    {
        public KernelEspOffload Probe() => result;
    }
}

/// <summary>A provider under another name (to play "platform" with a broken primitive).</summary>
internal sealed class RenamedProvider(string name, ICryptoProvider inner) : ICryptoProvider
{
    public string Name => name;
    public bool Supports(CryptoAlgorithm algorithm) => inner.Supports(algorithm);
    public IAeadCipher CreateAead(AeadAlgorithm algorithm, ReadOnlySpan<byte> key) => inner.CreateAead(algorithm, key);
    public ICbcCipher CreateCbc(CbcAlgorithm algorithm, ReadOnlySpan<byte> key) => inner.CreateCbc(algorithm, key);
    public IHmac CreateHmac(HashAlgorithm hash, ReadOnlySpan<byte> key) => inner.CreateHmac(hash, key);
    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group) => inner.CreateKeyExchange(group);
    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group, ReadOnlySpan<byte> privateKey) => inner.CreateKeyExchange(group, privateKey);
    public void GetRandomBytes(Span<byte> destination) => inner.GetRandomBytes(destination);
}
