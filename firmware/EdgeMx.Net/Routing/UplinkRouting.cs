using System.Net;
using System.Net.Sockets;

namespace EdgeMx.Net.Routing;

/// <summary>
/// What per-uplink policy routing needs to know about one uplink: its interface, its address and prefix, its
/// gateway, the table that belongs to it and the priority of its "from ADDRESS lookup TABLE" rule.
/// </summary>
public sealed record UplinkRouting
{
    public required int InterfaceIndex { get; init; }
    public required IPAddress Address { get; init; }
    public required int PrefixLength { get; init; }
    public required IPAddress Gateway { get; init; }
    public required uint Table { get; init; }
    public required uint RulePriority { get; init; }

    /// <summary>Metric of the routes in the uplink's table (null: kernel default).</summary>
    public uint? Metric { get; init; }

    public AddressFamily Family => Address.AddressFamily;

    public void Validate()
    {
        if (Family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new ArgumentException($"uplink address {Address} is not IPv4 or IPv6");
        if (Gateway.AddressFamily != Family)
            throw new ArgumentException($"uplink gateway {Gateway} is not of the address's family");
        if (PrefixLength < 0 || PrefixLength > Prefix.MaxLength(Family))
            throw new ArgumentException($"uplink prefix length {PrefixLength} is out of range");
        if (RouteTables.IsReserved(Table) || Table == RouteTables.Main)
            throw new ArgumentException($"table {Table} cannot be an uplink's own table (0, 252-255 are the kernel's)");
        if (InterfaceIndex <= 0) throw new ArgumentException("interface index must be positive");
        if (RulePriority == 0) throw new ArgumentException("rule priority 0 would come before the local table");
    }
}
