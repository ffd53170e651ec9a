using System.Net.Sockets;
using EdgeMx.Net.Netlink;

namespace EdgeMx.Net.Routing;

/// <summary>
/// Adds, deletes and lists policy-routing rules over rtnetlink (what <c>ip rule</c> does). EdgeMx's rules carry
/// FRA_PROTOCOL <see cref="RouteProtocol.EdgeMx"/>, and the kernel matches the protocol on delete, so clean-up
/// never removes a rule someone else installed.
/// </summary>
public sealed class RuleTable : NetlinkTable
{
    public RuleTable(NetlinkSocket socket, bool ownsSocket = false) : base(socket, ownsSocket) { }

    public static RuleTable Open(NetworkNamespace? ns = null) =>
        new(ns is null ? NetlinkSocket.Open() : ns.Run(() => NetlinkSocket.Open()), ownsSocket: true);

    /// <summary>Adds a rule; EEXIST when an identical one exists (the kernel otherwise allows duplicates).</summary>
    public Task AddAsync(RoutingRule rule, CancellationToken cancellationToken = default) =>
        SendAsync(w => RuleMessages.Write(w, NetlinkMessageType.NewRule, NetlinkFlags.Create | NetlinkFlags.Exclusive, rule),
            w => Socket.RequestAsync(w, $"RTM_NEWRULE (add {rule})", cancellationToken), cancellationToken);

    /// <summary>Adds the rule unless an identical one is there; true when it was added. Calling it twice leaves one rule.</summary>
    public async Task<bool> EnsureAsync(RoutingRule rule, CancellationToken cancellationToken = default)
    {
        var existing = await ListAsync(rule.Family, cancellationToken).ConfigureAwait(false);
        if (existing.Contains(rule)) return false;
        try
        {
            await AddAsync(rule, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NetlinkException e) when (e.AlreadyExists)
        {
            return false;
        }
    }

    /// <summary>Deletes the rule matching <paramref name="rule"/> (protocol included); false when there was none.</summary>
    public async Task<bool> DeleteAsync(RoutingRule rule, CancellationToken cancellationToken = default)
    {
        try
        {
            await SendAsync(w => RuleMessages.Write(w, NetlinkMessageType.DeleteRule, NetlinkFlags.None, rule),
                w => Socket.RequestAsync(w, $"RTM_DELRULE ({rule})", cancellationToken), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NetlinkException e) when (e.NotFound)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<RoutingRule>> ListAsync(AddressFamily family = AddressFamily.Unspecified, CancellationToken cancellationToken = default) =>
        await SendAsync(w => RuleMessages.WriteDump(w, family),
            w => Socket.DumpAsync(w, "RTM_GETRULE (dump rules)", RuleMessages.Read, cancellationToken), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<RoutingRule>> ListOursAsync(AddressFamily family = AddressFamily.Unspecified, CancellationToken cancellationToken = default) =>
        (await ListAsync(family, cancellationToken).ConfigureAwait(false)).Where(r => r.IsOurs).ToList();

    /// <summary>Deletes every rule EdgeMx installed (optionally only those looking up one table); returns how many went.</summary>
    public async Task<int> RemoveOursAsync(uint? table = null, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var rule in await ListOursAsync(AddressFamily.Unspecified, cancellationToken).ConfigureAwait(false))
            if ((table is null || rule.Table == table) && await DeleteAsync(rule, cancellationToken).ConfigureAwait(false)) removed++;
        return removed;
    }
}
