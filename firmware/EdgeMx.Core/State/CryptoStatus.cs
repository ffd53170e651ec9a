using System.Collections.Immutable;

namespace EdgeMx.Core.State;

/// <summary>Crypto as chosen at start-up: the provider IKE and ESP use, every provider's self-test, the CPU's crypto
/// instructions and whether the kernel can take ESP SAs (offload).</summary>
public sealed record CryptoStatus
{
    /// <summary>"platform" or "managed"; null when no provider passed its self-test (IKE/ESP cannot run).</summary>
    public string? Provider { get; init; }

    /// <summary>Why this provider (preference, fallback, failure).</summary>
    public string Reason { get; init; } = "";

    public ImmutableArray<CryptoProviderStatus> Providers { get; init; } = [];

    /// <summary>"x64: aes, pmull" / "arm64: no crypto instructions".</summary>
    public string Cpu { get; init; } = "";

    public bool AesGcmAccelerated { get; init; }
    public bool KernelEspOffload { get; init; }
    public string KernelEspOffloadReason { get; init; } = "";
}

public sealed record CryptoProviderStatus
{
    public required string Name { get; init; }
    public bool SelfTestPassed { get; init; }
    public int Tests { get; init; }
    public ImmutableArray<string> Failures { get; init; } = [];
}
