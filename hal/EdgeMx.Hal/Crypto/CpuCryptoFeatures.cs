namespace EdgeMx.Hal.Crypto;

/// <summary>
/// The CPU's crypto instructions as the runtime sees them (System.Runtime.Intrinsics): AES rounds and carry-less
/// multiply (PCLMULQDQ on x86-64, PMULL on ARMv8 — what GCM's GHASH needs) and SHA-1/SHA-256. OpenSSL uses the same
/// instructions when they exist. The Raspberry Pi 4 and CM4 (BCM2711, Cortex-A72) have none of them: OpenSSL then
/// runs its NEON bit-sliced AES, still far ahead of managed code.
/// </summary>
public sealed record CpuCryptoFeatures(string Architecture, bool Aes, bool CarrylessMultiply, bool Sha1, bool Sha256)
{
    public bool AesGcmAccelerated => Aes && CarrylessMultiply;

    public static CpuCryptoFeatures Detect()
    {
        var arch = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        if (System.Runtime.Intrinsics.X86.Sse2.IsSupported)
        {
            // .NET has no SHA-NI intrinsics class; the kernel's cpuinfo flag says whether OpenSSL can use them.
            var shaNi = CpuInfoHasFlag("sha_ni");
            return new CpuCryptoFeatures(arch,
                System.Runtime.Intrinsics.X86.Aes.IsSupported,
                System.Runtime.Intrinsics.X86.Pclmulqdq.IsSupported,
                shaNi, shaNi);
        }
        // Arm.Aes covers the AES instructions and PMULL/PMULL2 (PolynomialMultiplyWideningLower/Upper).
        return new CpuCryptoFeatures(arch,
            System.Runtime.Intrinsics.Arm.Aes.IsSupported,
            System.Runtime.Intrinsics.Arm.Aes.IsSupported,
            System.Runtime.Intrinsics.Arm.Sha1.IsSupported,
            System.Runtime.Intrinsics.Arm.Sha256.IsSupported);
    }

    private static bool CpuInfoHasFlag(string flag)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (!line.StartsWith("flags", StringComparison.Ordinal)) continue;
                return line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(flag);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return false;
    }

    /// <summary>Names in board configs: "aes", "pmull" (or "pclmul"), "sha1", "sha2".</summary>
    public IEnumerable<string> Names()
    {
        if (Aes) yield return "aes";
        if (CarrylessMultiply) yield return "pmull";
        if (Sha1) yield return "sha1";
        if (Sha256) yield return "sha2";
    }

    public override string ToString() =>
        $"{Architecture}: " + (Names().Any() ? string.Join(", ", Names()) : "no crypto instructions");
}
