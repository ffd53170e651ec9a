using System.Net;
using System.Net.Sockets;
using EdgeMx.Net.Links;
using EdgeMx.Net.Netlink;

namespace EdgeMx.Net.Routing;

/// <summary>RTM_*ROUTE messages ⇄ <see cref="Route"/>.</summary>
public static class RouteMessages
{
    public const uint FlagOnLink = 0x4;    // RTNH_F_ONLINK in rtm_flags
    public const uint FlagCloned = 0x200;  // RTM_F_CLONED: a cached exception route, not a table entry

    /// <summary>Reads one route; null for families other than IPv4/IPv6 and for cached clones.</summary>
    public static Route? Read(NetlinkMessage message)
    {
        if (message.Type is not (NetlinkMessageType.NewRoute or NetlinkMessageType.DeleteRoute)) return null;
        var header = RouteMessage.Read(message.Payload);
        var family = LinkMessages.FromWire(header.Family);
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) return null;
        if ((header.Flags & FlagCloned) != 0) return null;
        var max = Prefix.MaxLength(family);
        if (header.DestinationLength > max)
            throw new NetlinkFormatException($"{NetlinkMessageType.Name(message.Type)}: destination length {header.DestinationLength} is too long for {family}");

        IPAddress? destination = null, gateway = null, source = null;
        int? outputInterface = null;
        uint? metric = null;
        uint table = header.Table;
        var attributes = message.Attributes(RouteMessage.Size);
        while (attributes.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case RouteAttribute.Destination: destination = attribute.ReadAddress(family); break;
                case RouteAttribute.Gateway: gateway = attribute.ReadAddress(family); break;
                case RouteAttribute.PreferredSource: source = attribute.ReadAddress(family); break;
                case RouteAttribute.OutputInterface: outputInterface = (int)attribute.ReadUInt32(); break;
                case RouteAttribute.Priority: metric = attribute.ReadUInt32(); break;
                case RouteAttribute.Table: table = attribute.ReadUInt32(); break;
            }
        }
        var baseAddress = destination is null ? Prefix.Default(family).BaseAddress : Prefix.Mask(destination, header.DestinationLength);
        return new Route
        {
            Destination = new IPNetwork(baseAddress, header.DestinationLength),
            Table = table,
            Gateway = gateway,
            OutputInterface = outputInterface,
            PreferredSource = source,
            Metric = metric,
            Protocol = header.Protocol,
            Type = (RouteType)header.Type,
            Scope = (RouteScope)header.Scope,
            OnLink = (header.Flags & FlagOnLink) != 0,
        };
    }

    /// <summary>Writes RTM_NEWROUTE / RTM_DELROUTE for <paramref name="route"/>, after checking it is consistent.</summary>
    public static void Write(NetlinkMessageWriter writer, ushort type, NetlinkFlags flags, Route route)
    {
        Validate(route, requireNextHop: type != NetlinkMessageType.DeleteRoute);
        var family = route.Family;
        // A delete without a scope matches any scope (RT_SCOPE_NOWHERE), as iproute2 does.
        var scope = type == NetlinkMessageType.DeleteRoute && route.Scope is null ? RouteScope.Nowhere : route.EffectiveScope;
        writer.Reset();
        writer.Begin(type, flags);
        new RouteMessage(
            LinkMessages.ToWire(family), (byte)route.Destination.PrefixLength, 0, 0,
            route.Table < 256 ? (byte)route.Table : (byte)RouteTables.Unspecified,
            route.Protocol,
            (byte)scope,
            (byte)route.Type,
            route.OnLink ? FlagOnLink : 0).Write(writer.Reserve(RouteMessage.Size));
        writer.AddUInt32(RouteAttribute.Table, route.Table);
        if (route.Destination.PrefixLength > 0) writer.AddAddress(RouteAttribute.Destination, route.Destination.BaseAddress);
        if (route.Gateway is { } gateway) writer.AddAddress(RouteAttribute.Gateway, gateway);
        if (route.OutputInterface is { } oif) writer.AddUInt32(RouteAttribute.OutputInterface, (uint)oif);
        if (route.PreferredSource is { } source) writer.AddAddress(RouteAttribute.PreferredSource, source);
        if (route.Metric is { } metric) writer.AddUInt32(RouteAttribute.Priority, metric);
        writer.End();
    }

    /// <summary>A dump request for one family (AF_UNSPEC for both).</summary>
    public static void WriteDump(NetlinkMessageWriter writer, AddressFamily family)
    {
        writer.Reset();
        writer.Begin(NetlinkMessageType.GetRoute, NetlinkFlags.None);
        new RouteMessage(LinkMessages.ToWire(family), 0, 0, 0, 0, 0, 0, 0, 0).Write(writer.Reserve(RouteMessage.Size));
        writer.End();
    }

    public static void Validate(Route route, bool requireNextHop = true)
    {
        var family = route.Family;
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new ArgumentException($"route {route}: destination is not IPv4 or IPv6");
        if (route.Gateway is { } g && g.AddressFamily != family)
            throw new ArgumentException($"route {route}: gateway {g} is not of the destination's family");
        if (route.PreferredSource is { } s && s.AddressFamily != family)
            throw new ArgumentException($"route {route}: source {s} is not of the destination's family");
        if (route.OutputInterface is <= 0)
            throw new ArgumentException($"route {route}: interface index must be positive");
        if (route.Table == RouteTables.Unspecified)
            throw new ArgumentException($"route {route}: table 0 is not a table");
        if (requireNextHop && route.Type == RouteType.Unicast && route.Gateway is null && route.OutputInterface is null)
            throw new ArgumentException($"route {route}: a unicast route needs a gateway or an output interface");
    }
}
