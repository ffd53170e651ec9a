using System.Collections.Immutable;
using System.Net;
using EdgeMx.Core.State;

namespace EdgeMx.Appliance.Tunnels.Guard;

/// <summary>A tunnel's guard as status shows it, from what the kernel holds (pure).</summary>
public static class GuardStatus
{
    /// <param name="installed">Prefixes whose exact guard route was read back from the kernel.</param>
    /// <param name="failures">Why a prefix's guard could not be installed (netlink errors), by prefix.</param>
    /// <param name="unknown">Why the kernel's routes could not be read at all (nothing is known to be in place).</param>
    /// <param name="unavailable">Why no guard route may be installed at all (the data plane cannot work with one).</param>
    public static TunnelGuardState Of(GuardedTunnel tunnel, IReadOnlySet<IPNetwork> installed,
        IReadOnlyDictionary<IPNetwork, string> failures, string? unknown = null, string? unavailable = null)
    {
        if (!tunnel.FailClosed) return new TunnelGuardState { FailClosed = false };
        if (unavailable is not null)
        {
            return new TunnelGuardState
            {
                FailClosed = true,
                Unguarded = [.. tunnel.Prefixes.Concat(tunnel.Unguardable).Select(p => p.ToString())],
                Error = unavailable,
            };
        }
        var present = tunnel.Prefixes.Where(installed.Contains).ToList();
        var missing = tunnel.Prefixes.Where(p => !installed.Contains(p)).ToList();
        string? error = null;
        if (missing.Count > 0)
        {
            error = unknown
                ?? missing.Select(p => failures.TryGetValue(p, out var why) ? $"{p}: {why}" : null).FirstOrDefault(e => e is not null)
                ?? $"{missing[0]}: no guard route in the kernel";
        }
        else if (tunnel.Unguardable.Length > 0)
        {
            error = $"{tunnel.Unguardable[0]} cannot be guarded: the uplink's default route always wins over a guard route";
        }
        return new TunnelGuardState
        {
            FailClosed = true,
            Prefixes = [.. present.Select(p => p.ToString())],
            Unguarded = [.. missing.Concat(tunnel.Unguardable).Select(p => p.ToString())],
            Route = GuardRoute.Shape,
            Error = error,
        };
    }

    /// <summary>Guarded: fail closed, and every remote subnet has its guard route.</summary>
    public static bool IsGuarded(TunnelGuardState state) => state.FailClosed && state.Unguarded.IsEmpty && !state.Prefixes.IsEmpty;
}
