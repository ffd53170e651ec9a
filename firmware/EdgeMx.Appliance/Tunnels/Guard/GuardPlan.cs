using System.Net;
using EdgeMx.Net.Routing;

namespace EdgeMx.Appliance.Tunnels.Guard;

/// <summary>
/// What to change so the kernel holds exactly one guard route per wanted prefix and no other: guards of tunnels
/// removed from the config or switched to `failClosed: false`, another build's metric, duplicates. Pure: computed
/// from the config and a listing of the kernel's routes, so a restart after SIGKILL reconciles instead of adding.
/// </summary>
public sealed record GuardPlan(IReadOnlyList<Route> Install, IReadOnlyList<Route> Remove)
{
    public bool IsEmpty => Install.Count == 0 && Remove.Count == 0;

    /// <summary>Every prefix a fail-closed tunnel wants guarded (several tunnels may name the same one: one route).</summary>
    public static IReadOnlySet<IPNetwork> WantedBy(IEnumerable<GuardedTunnel> tunnels) =>
        tunnels.SelectMany(t => t.Wanted).ToHashSet();

    public static GuardPlan Between(IEnumerable<GuardedTunnel> tunnels, IEnumerable<Route> kernel) => Between(WantedBy(tunnels), kernel);

    public static GuardPlan Between(IReadOnlySet<IPNetwork> wanted, IEnumerable<Route> kernel)
    {
        var kept = new HashSet<IPNetwork>();
        var remove = new List<Route>();
        foreach (var route in kernel.Where(GuardRoute.IsGuard))
        {
            if (GuardRoute.IsExact(route) && wanted.Contains(route.Destination) && kept.Add(route.Destination)) continue;
            remove.Add(route);
        }
        var install = wanted.Where(p => !kept.Contains(p)).OrderBy(p => p.ToString(), StringComparer.Ordinal).Select(GuardRoute.For).ToList();
        return new GuardPlan(install, remove);
    }

    /// <summary>A clean stop: every guard goes.</summary>
    public static GuardPlan Clear(IEnumerable<Route> kernel) => new([], [.. kernel.Where(GuardRoute.IsGuard)]);
}
