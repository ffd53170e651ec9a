using System.Collections.Immutable;
using EdgeMx.Hal.Crypto.SelfTest;

namespace EdgeMx.Hal.Crypto.Selection;

/// <summary>The outcome of start-up crypto selection: the provider IKE and ESP use (null = none passed: fail closed),
/// why, every self-test report, the CPU features, kernel offload, and problems worth a fault or a warning.</summary>
public sealed record CryptoSelection
{
    public ICryptoProvider? Provider { get; init; }
    public required string Reason { get; init; }
    public ImmutableArray<CryptoSelfTestReport> SelfTests { get; init; } = [];
    public required CpuCryptoFeatures Cpu { get; init; }
    public required KernelEspOffload KernelEsp { get; init; }

    /// <summary>Provider self-test failures: each disables that provider and is a fault.</summary>
    public ImmutableArray<string> Faults { get; init; } = [];

    /// <summary>Board/CPU mismatches and the like: logged, not faults.</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];
}
