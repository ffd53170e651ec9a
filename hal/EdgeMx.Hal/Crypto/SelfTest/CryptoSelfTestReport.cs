using System.Collections.Immutable;

namespace EdgeMx.Hal.Crypto.SelfTest;

/// <summary>Known-answer test results of one provider. A provider with any failure is not used (fail closed).</summary>
public sealed record CryptoSelfTestReport(string Provider, ImmutableArray<AlgorithmSelfTest> Results)
{
    public bool Passed => Results.All(r => r.Passed);

    public IEnumerable<AlgorithmSelfTest> Failures => Results.Where(r => !r.Passed);

    public override string ToString() => Passed
        ? $"{Provider}: {Results.Length} known-answer tests passed"
        : $"{Provider}: " + string.Join("; ", Failures.Select(f => $"{f.Algorithm.Name()} FAILED: {f.Failure}"));
}
