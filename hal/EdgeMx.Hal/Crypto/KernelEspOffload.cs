using System.Collections.Immutable;

namespace EdgeMx.Hal.Crypto;

/// <summary>
/// Whether the running kernel can carry ESP itself (XFRM states with esp4), so the data plane may hand SAs to the
/// kernel instead of encrypting in user space. Advertised only: the ESP data plane decides whether to use it.
/// <see cref="Evidence"/> lists what was checked, for the start-up log and `status`.
/// </summary>
public sealed record KernelEspOffload(bool Available, string Summary, ImmutableArray<string> Evidence)
{
    /// <summary>Algorithms the kernel's ESP implements (crypto templates are instantiated on demand).</summary>
    public ImmutableArray<CryptoAlgorithm> Algorithms { get; init; } = [];
}

/// <summary>Finds out whether the kernel has XFRM ESP.</summary>
public interface IKernelEspOffloadProbe
{
    KernelEspOffload Probe();
}
