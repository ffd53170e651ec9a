using System.Collections.Immutable;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Esp.Tests.Backends.Xfrm;

public class EspBackendProbeTests
{
    private static readonly KernelEspOffload WithGcm = new(true, "the kernel accepts ESP states", ["netlink probe: accepted"])
    {
        Algorithms = [CryptoAlgorithm.AesGcm16, CryptoAlgorithm.AesCbc, CryptoAlgorithm.HmacSha256],
    };

    private static readonly KernelEspOffload WithoutGcm = WithGcm with { Algorithms = [CryptoAlgorithm.AesCbc, CryptoAlgorithm.HmacSha256] };
    private static readonly KernelEspOffload Absent = new(false, "the kernel has no usable ESP", []);

    [Fact]
    public void Auto_takes_the_kernel_when_it_has_esp_with_gcm()
    {
        var choice = EspBackendProbe.Choose(EspBackendPreference.Auto, WithGcm);
        Assert.Equal("xfrm", choice.Backend);
        Assert.Equal("kernel ESP available: the kernel accepts ESP states", choice.Reason);
    }

    [Fact]
    public void Auto_falls_back_to_user_space_without_esp_or_without_gcm()
    {
        Assert.Equal("userspace", EspBackendProbe.Choose(EspBackendPreference.Auto, Absent).Backend);
        Assert.Equal("no kernel ESP: the kernel has no usable ESP", EspBackendProbe.Choose(EspBackendPreference.Auto, Absent).Reason);
        Assert.Equal("userspace", EspBackendProbe.Choose(EspBackendPreference.Auto, WithoutGcm).Backend);
        Assert.False(EspBackendProbe.Choose(EspBackendPreference.Auto, WithoutGcm).FellBack);
    }

    [Fact]
    public void Forced_xfrm_without_kernel_esp_falls_back_and_says_so()
    {
        var choice = EspBackendProbe.Choose(EspBackendPreference.Xfrm, Absent);
        Assert.Equal("userspace", choice.Backend);
        Assert.True(choice.FellBack);
    }

    [Fact]
    public void User_space_configured_does_not_probe_the_kernel()
    {
        var probe = new CountingProbe();
        var choice = EspBackendProbe.Choose(EspBackendPreference.UserSpace, probe);
        Assert.Equal("userspace", choice.Backend);
        Assert.Equal(0, probe.Calls);
        Assert.Equal("xfrm", EspBackendProbe.Choose(EspBackendPreference.Auto, probe).Backend);
        Assert.Equal(1, probe.Calls);
    }

    private sealed class CountingProbe : IKernelEspOffloadProbe
    {
        public int Calls { get; private set; }

        public KernelEspOffload Probe()
        {
            Calls++;
            return WithGcm;
        }
    }
}
