using EdgeMx.Appliance.DataPlane;
using EdgeMx.Core.Crypto;
using EdgeMx.Esp.Backends.Xfrm;
using EdgeMx.Esp.DataPlane;

namespace EdgeMx.Appliance.Tunnels.Guard;

/// <summary>
/// Whether the ESP backend the data plane will pick can live with guard routes. User space routes each remote subnet
/// into its TUN device (metric 50), which wins over the guard while the CHILD_SA exists. XFRM installs no route: its
/// out policies transform what the main table routes out of an uplink, and a fib lookup that ends at an `unreachable`
/// route never reaches them — a guard would refuse the tunnel's traffic while it is up. Until the XFRM backend routes
/// its subnets itself (as strongSwan's table 220 does), no guard is installed there and status says why.
/// </summary>
public static class GuardBackend
{
    public const string XfrmReason = "not guarded with the xfrm ESP backend: it has no routes of its own, so a guard route would also refuse the tunnel's traffic while it is up";

    /// <summary>The same choice <see cref="DataPlaneService"/> makes at its start (pure given the crypto probe).</summary>
    public static string? Unavailable(CryptoRuntime crypto, DataPlaneOptions options)
    {
        if (!crypto.IsInitialized) crypto.Initialize();
        return Unavailable(EspBackendProbe.Choose(options.Backend, crypto.Selection.KernelEsp).Backend);
    }

    public static string? Unavailable(string backend) => backend == XfrmDataPlane.BackendName ? XfrmReason : null;
}
