using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Appliance.Tunnels.Guard;

/// <summary>
/// What one configured tunnel asks of the guard: the remote subnets (IPv4 and IPv6, host bits cleared, each once)
/// that must fail closed while the tunnel has no CHILD_SA, and those no route can guard. Pure: built from the config.
/// </summary>
public sealed record GuardedTunnel(string Name, bool FailClosed, ImmutableArray<IPNetwork> Prefixes, ImmutableArray<IPNetwork> Unguardable)
{
    public static GuardedTunnel From(TunnelConfig tunnel)
    {
        var prefixes = new List<IPNetwork>();
        var unguardable = new List<IPNetwork>();
        foreach (var text in tunnel.RemoteSubnets)
        {
            if (!TryParse(text, out var prefix)) continue; // the schema rejects it; a reload never gets this far
            // A default route cannot be guarded in the main table: the uplink's default route (metric 0) always wins
            // over ours, and one above it would take every other destination down with the tunnel.
            var list = prefix.PrefixLength == 0 ? unguardable : prefixes;
            if (!list.Contains(prefix)) list.Add(prefix);
        }
        return new GuardedTunnel(tunnel.Name, tunnel.FailClosed, [.. prefixes], [.. unguardable]);
    }

    public static IReadOnlyList<GuardedTunnel> From(IEnumerable<TunnelConfig> tunnels) => [.. tunnels.Select(From)];

    /// <summary>The prefixes that get a guard route: none when the tunnel does not fail closed.</summary>
    public ImmutableArray<IPNetwork> Wanted => FailClosed ? Prefixes : [];

    /// <summary>Parses "10.1.0.0/24" or "2001:db8::/48", clearing host bits as the traffic selector does.</summary>
    public static bool TryParse(string text, out IPNetwork prefix)
    {
        prefix = default;
        var slash = text.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)) return false;
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) return false;
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
            || length > max) return false;
        prefix = EdgeMx.Net.Prefix.Network(address, length);
        return true;
    }
}
