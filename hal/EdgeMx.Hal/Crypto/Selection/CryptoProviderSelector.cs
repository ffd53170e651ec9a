using System.Collections.Immutable;
using EdgeMx.Hal.Crypto.SelfTest;

namespace EdgeMx.Hal.Crypto.Selection;

/// <summary>
/// Chooses the crypto provider at start-up, fail closed: every candidate runs its known-answer self-test; one that
/// fails is never used (and is reported as a fault); among those that pass, the board's preference wins, and "auto"
/// prefers the platform provider. If none passes there is no provider and IKE/ESP stay down.
/// Pure apart from running the self-tests, so tests drive it with faulty providers.
/// </summary>
public static class CryptoProviderSelector
{
    public static CryptoSelection Select(CryptoPreference preference, IReadOnlyList<ICryptoProvider> candidates,
        CpuCryptoFeatures cpu, KernelEspOffload kernelEsp, IReadOnlyCollection<string> declaredCapabilities,
        Func<ICryptoProvider, CryptoSelfTestReport>? selfTest = null)
    {
        selfTest ??= p => CryptoSelfTest.Run(p);
        var reports = candidates.Select(p => (Provider: p, Report: selfTest(p))).ToList();
        var faults = reports.Where(r => !r.Report.Passed)
            .Select(r => $"crypto provider {r.Provider.Name} failed its self-test and is disabled: {r.Report}")
            .ToImmutableArray();
        var passed = reports.Where(r => r.Report.Passed).Select(r => r.Provider).ToList();

        var wanted = preference == CryptoPreference.Managed ? "managed" : "platform";
        var chosen = passed.FirstOrDefault(p => p.Name == wanted) ?? passed.FirstOrDefault();
        var reason = chosen switch
        {
            null => "no crypto provider passed its self-test: IKE and ESP cannot run",
            _ when chosen.Name == wanted && preference == CryptoPreference.Auto =>
                $"auto: {chosen.Name}" + (cpu.AesGcmAccelerated ? " (CPU AES and carry-less multiply)" : " (no CPU AES instructions; OpenSSL's vector code)"),
            _ when chosen.Name == wanted => $"{chosen.Name} as configured",
            _ => $"{chosen.Name}: the preferred {wanted} provider is not available",
        };

        var warnings = ImmutableArray.CreateBuilder<string>();
        var detected = cpu.Names().ToHashSet(StringComparer.Ordinal);
        foreach (var declared in declaredCapabilities.Where(c => !detected.Contains(c)))
            warnings.Add($"the board profile declares CPU capability \"{declared}\" but this CPU does not report it");
        // A profile that declares nothing (lab, generic x86-64) runs on whatever CPU it gets: nothing to compare.
        foreach (var found in detected.Where(c => declaredCapabilities.Count > 0 && !declaredCapabilities.Contains(c)))
            warnings.Add($"this CPU reports \"{found}\", which the board profile does not declare");

        return new CryptoSelection
        {
            Provider = chosen,
            Reason = reason,
            SelfTests = reports.Select(r => r.Report).ToImmutableArray(),
            Cpu = cpu,
            KernelEsp = kernelEsp,
            Faults = faults,
            Warnings = warnings.ToImmutable(),
        };
    }

    public static CryptoPreference ParsePreference(string value) => value switch
    {
        "platform" => CryptoPreference.Platform,
        "managed" => CryptoPreference.Managed,
        "auto" or "" => CryptoPreference.Auto,
        _ => throw new ArgumentException($"crypto provider \"{value}\": expected auto, platform or managed", nameof(value)),
    };
}
