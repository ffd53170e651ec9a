using System.Net;
using System.Net.Sockets;

namespace EdgeMx.Net.Routing;

/// <summary>
/// Per-uplink policy routing: each uplink gets its own table holding its connected subnet and a default route via
/// its gateway, and a rule "from UPLINK-ADDRESS lookup TABLE", so traffic sourced from an uplink's address (probes,
/// IKE) leaves through that uplink whichever uplink carries the default route. Everything is installed with
/// <see cref="RouteProtocol.EdgeMx"/> and reconciled: installing twice, or after a restart, leaves exactly the
/// desired routes and one rule; an address or gateway change replaces the old ones.
/// </summary>
public sealed class UplinkPolicyRouting(RouteTable routes, RuleTable rules)
{
    /// <summary>The routes that belong in the uplink's table.</summary>
    public static IReadOnlyList<Route> RoutesFor(UplinkRouting uplink)
    {
        uplink.Validate();
        return
        [
            new Route
            {
                Destination = Prefix.Network(uplink.Address, uplink.PrefixLength),
                Table = uplink.Table,
                OutputInterface = uplink.InterfaceIndex,
                PreferredSource = uplink.Address,
                Metric = uplink.Metric,
                Scope = RouteScope.Link,
            },
            new Route
            {
                Destination = Prefix.Default(uplink.Family),
                Table = uplink.Table,
                Gateway = uplink.Gateway,
                OutputInterface = uplink.InterfaceIndex,
                PreferredSource = uplink.Address,
                Metric = uplink.Metric,
            },
        ];
    }

    /// <summary>The rule sending traffic sourced from the uplink's address to its table.</summary>
    public static RoutingRule RuleFor(UplinkRouting uplink)
    {
        uplink.Validate();
        return new RoutingRule
        {
            Family = uplink.Family,
            Priority = uplink.RulePriority,
            From = new IPNetwork(uplink.Address, Prefix.MaxLength(uplink.Family)),
            Table = uplink.Table,
        };
    }

    /// <summary>Installs (or corrects) the uplink's table and rule; idempotent.</summary>
    public async Task InstallAsync(UplinkRouting uplink, CancellationToken cancellationToken = default)
    {
        var desiredRoutes = RoutesFor(uplink);
        var desiredRule = RuleFor(uplink);

        // Replace first, then delete leftovers: the table is never without a default route during a change.
        foreach (var route in desiredRoutes) await routes.ReplaceAsync(route, cancellationToken).ConfigureAwait(false);
        foreach (var stale in await routes.ListOursAsync(AddressFamily.Unspecified, uplink.Table, cancellationToken).ConfigureAwait(false))
            if (!desiredRoutes.Any(d => d.SameKey(stale)))
                await routes.DeleteAsync(stale, cancellationToken).ConfigureAwait(false);

        var present = false;
        foreach (var rule in await rules.ListOursAsync(AddressFamily.Unspecified, cancellationToken).ConfigureAwait(false))
        {
            if (rule.Table != uplink.Table) continue;
            if (rule == desiredRule && !present) present = true;
            else await rules.DeleteAsync(rule, cancellationToken).ConfigureAwait(false);
        }
        if (!present) await rules.AddAsync(desiredRule, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes EdgeMx's routes in <paramref name="table"/> and its rules pointing there; returns how many went.</summary>
    public async Task<int> RemoveAsync(uint table, CancellationToken cancellationToken = default)
    {
        var removed = await rules.RemoveOursAsync(table, cancellationToken).ConfigureAwait(false);
        removed += await routes.RemoveOursAsync(table, cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <summary>
    /// Points the default route of <paramref name="table"/> (the main table unless told otherwise) at the uplink, in
    /// one replace so traffic never lacks a route. EdgeMx's default route has its own <paramref name="metric"/>; a
    /// default route with that metric installed by someone else is not overwritten (InvalidOperationException).
    /// </summary>
    public async Task SetDefaultRouteAsync(UplinkRouting uplink, uint metric, uint table = RouteTables.Main, CancellationToken cancellationToken = default)
    {
        uplink.Validate();
        var route = new Route
        {
            Destination = Prefix.Default(uplink.Family),
            Table = table,
            Gateway = uplink.Gateway,
            OutputInterface = uplink.InterfaceIndex,
            PreferredSource = uplink.Address,
            Metric = metric,
        };
        var existing = await routes.ListAsync(uplink.Family, table, cancellationToken).ConfigureAwait(false);
        if (existing.FirstOrDefault(r => r.SameKey(route) && r.Type == RouteType.Unicast && !r.IsOurs) is { } foreign)
            throw new InvalidOperationException(
                $"a default route with metric {metric} in table {table} was installed by protocol {foreign.Protocol} ({foreign}); EdgeMx will not replace it: give EdgeMx another metric");
        await routes.ReplaceAsync(route, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes EdgeMx's default route of one family from <paramref name="table"/>; false when there was none.</summary>
    public async Task<bool> RemoveDefaultRouteAsync(AddressFamily family, uint metric, uint table = RouteTables.Main, CancellationToken cancellationToken = default) =>
        await routes.DeleteAsync(new Route
        {
            Destination = Prefix.Default(family),
            Table = table,
            Metric = metric,
            // A delete needs no next hop; the kernel matches table, destination, metric and our protocol.
        }, cancellationToken).ConfigureAwait(false);
}
