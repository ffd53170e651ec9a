using EdgeMx.Esp.Backends.UserSpace;
using EdgeMx.Esp.Backends.Xfrm;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Esp.DataPlane;

/// <summary>
/// Chooses the ESP backend at start-up from the kernel ESP offload probe (hal's <see cref="IKernelEspOffloadProbe"/>,
/// which asks XFRM to accept ESP states in a scratch namespace) and the configured preference. Where the kernel has
/// no ESP — this build machine, kernels without esp4 — the user-space backend carries the traffic. The kernel must
/// also implement every algorithm EdgeMx may negotiate for ESP's mandatory set (AES-GCM-16 and AES-CBC/HMAC-SHA2);
/// a kernel lacking GCM would make some CHILD_SAs uninstallable, so user space is chosen then too.
/// </summary>
public static class EspBackendProbe
{
    public static EspBackendChoice Choose(EspBackendPreference preference, IKernelEspOffloadProbe probe) =>
        Choose(preference, preference == EspBackendPreference.UserSpace
            ? new KernelEspOffload(false, "not probed (user space configured)", [])
            : probe.Probe());

    /// <summary>The decision for an already-run probe (the crypto runtime runs it once at start-up).</summary>
    public static EspBackendChoice Choose(EspBackendPreference preference, KernelEspOffload kernel)
    {
        if (preference == EspBackendPreference.UserSpace)
            return new EspBackendChoice(UserSpaceDataPlane.BackendName, "user space configured", kernel);
        if (!kernel.Available)
        {
            return new EspBackendChoice(UserSpaceDataPlane.BackendName, $"no kernel ESP: {kernel.Summary}", kernel)
            {
                FellBack = preference == EspBackendPreference.Xfrm,
            };
        }
        if (!kernel.Algorithms.Contains(CryptoAlgorithm.AesGcm16))
        {
            return new EspBackendChoice(UserSpaceDataPlane.BackendName, $"kernel ESP lacks rfc4106(gcm(aes)): {kernel.Summary}", kernel)
            {
                FellBack = preference == EspBackendPreference.Xfrm,
            };
        }
        return new EspBackendChoice(XfrmDataPlane.BackendName, $"kernel ESP available: {kernel.Summary}", kernel);
    }
}
