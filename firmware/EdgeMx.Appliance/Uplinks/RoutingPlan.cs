using System.Net;

namespace EdgeMx.Appliance.Uplinks;

/// <summary>
/// Everything EdgeMx wants in the kernel's routing: per-uplink policy routing for each uplink with an address and a
/// gateway, and the main table's default route via the active uplink (none when <see cref="DefaultVia"/> is null).
/// Applying a plan reconciles: what EdgeMx installed and the plan no longer wants is removed.
/// </summary>
public sealed record RoutingPlan(IReadOnlyList<UplinkRoute> Uplinks, string? DefaultVia)
{
    public static readonly RoutingPlan Empty = new([], null);
}

/// <summary>One uplink's routing: table <see cref="Table"/> holds its subnet and a default via <see cref="Gateway"/>,
/// and the rule "from <see cref="Address"/> lookup <see cref="Table"/>" (priority <see cref="RulePriority"/>).</summary>
public sealed record UplinkRoute(string Name, int InterfaceIndex, IPAddress Address, int PrefixLength, IPAddress Gateway, uint Table, uint RulePriority)
{
    public override string ToString() => $"{Name}: {Address}/{PrefixLength} via {Gateway} dev#{InterfaceIndex} table {Table} rule {RulePriority}";
}
