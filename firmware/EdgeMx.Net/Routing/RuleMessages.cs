using System.Net;
using System.Net.Sockets;
using EdgeMx.Net.Links;
using EdgeMx.Net.Netlink;

namespace EdgeMx.Net.Routing;

/// <summary>RTM_*RULE messages ⇄ <see cref="RoutingRule"/>.</summary>
public static class RuleMessages
{
    public static RoutingRule? Read(NetlinkMessage message)
    {
        if (message.Type is not (NetlinkMessageType.NewRule or NetlinkMessageType.DeleteRule)) return null;
        var header = FibRuleHeader.Read(message.Payload);
        var family = LinkMessages.FromWire(header.Family);
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) return null;
        var max = Prefix.MaxLength(family);
        if (header.SourceLength > max || header.DestinationLength > max)
            throw new NetlinkFormatException($"{NetlinkMessageType.Name(message.Type)}: prefix lengths {header.SourceLength}/{header.DestinationLength} too long for {family}");

        IPAddress? from = null, to = null;
        string? iif = null, oif = null;
        uint? mark = null, mask = null;
        uint priority = 0, table = header.Table;
        byte protocol = RouteProtocol.Unspecified;
        var attributes = message.Attributes(FibRuleHeader.Size);
        while (attributes.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case RuleAttribute.Source: from = attribute.ReadAddress(family); break;
                case RuleAttribute.Destination: to = attribute.ReadAddress(family); break;
                case RuleAttribute.InputInterface: iif = attribute.ReadString(); break;
                case RuleAttribute.OutputInterface: oif = attribute.ReadString(); break;
                case RuleAttribute.FwMark: mark = attribute.ReadUInt32(); break;
                case RuleAttribute.FwMask: mask = attribute.ReadUInt32(); break;
                case RuleAttribute.Priority: priority = attribute.ReadUInt32(); break;
                case RuleAttribute.Table: table = attribute.ReadUInt32(); break;
                case RuleAttribute.Protocol: protocol = attribute.ReadByte(); break;
            }
        }
        return new RoutingRule
        {
            Family = family,
            Priority = priority,
            From = from is null ? null : new IPNetwork(Prefix.Mask(from, header.SourceLength), header.SourceLength),
            To = to is null ? null : new IPNetwork(Prefix.Mask(to, header.DestinationLength), header.DestinationLength),
            InputInterface = iif,
            OutputInterface = oif,
            // The kernel reports the all-ones mask it applies by default; null stands for that.
            FwMark = mark,
            FwMask = mask is uint.MaxValue ? null : mask,
            Table = table,
            Action = (RuleAction)header.Action,
            Protocol = protocol,
            Invert = (header.Flags & FibRuleHeader.FlagInvert) != 0,
        };
    }

    public static void Write(NetlinkMessageWriter writer, ushort type, NetlinkFlags flags, RoutingRule rule)
    {
        Validate(rule);
        writer.Reset();
        writer.Begin(type, flags);
        new FibRuleHeader(
            LinkMessages.ToWire(rule.Family),
            (byte)(rule.To?.PrefixLength ?? 0),
            (byte)(rule.From?.PrefixLength ?? 0),
            0,
            rule.Table < 256 ? (byte)rule.Table : (byte)RouteTables.Unspecified,
            (byte)rule.Action,
            rule.Invert ? FibRuleHeader.FlagInvert : 0).Write(writer.Reserve(FibRuleHeader.Size));
        writer.AddUInt32(RuleAttribute.Priority, rule.Priority);
        if (rule.Action == RuleAction.ToTable) writer.AddUInt32(RuleAttribute.Table, rule.Table);
        if (rule.From is { } from && from.PrefixLength > 0) writer.AddAddress(RuleAttribute.Source, from.BaseAddress);
        if (rule.To is { } to && to.PrefixLength > 0) writer.AddAddress(RuleAttribute.Destination, to.BaseAddress);
        if (rule.InputInterface is { } iif) writer.AddString(RuleAttribute.InputInterface, iif);
        if (rule.OutputInterface is { } oif) writer.AddString(RuleAttribute.OutputInterface, oif);
        if (rule.FwMark is { } mark) writer.AddUInt32(RuleAttribute.FwMark, mark);
        if (rule.FwMask is { } mask) writer.AddUInt32(RuleAttribute.FwMask, mask);
        writer.AddByte(RuleAttribute.Protocol, rule.Protocol);
        writer.End();
    }

    public static void WriteDump(NetlinkMessageWriter writer, AddressFamily family)
    {
        writer.Reset();
        writer.Begin(NetlinkMessageType.GetRule, NetlinkFlags.None);
        new FibRuleHeader(LinkMessages.ToWire(family), 0, 0, 0, 0, 0, 0).Write(writer.Reserve(FibRuleHeader.Size));
        writer.End();
    }

    public static void Validate(RoutingRule rule)
    {
        if (rule.Family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new ArgumentException($"rule {rule}: family must be IPv4 or IPv6");
        if (rule.From is { } f && f.BaseAddress.AddressFamily != rule.Family)
            throw new ArgumentException($"rule {rule}: from {f} is not {rule.Family}");
        if (rule.To is { } t && t.BaseAddress.AddressFamily != rule.Family)
            throw new ArgumentException($"rule {rule}: to {t} is not {rule.Family}");
        if (rule.InputInterface is { } i) LinkMessages.CheckName(i);
        if (rule.OutputInterface is { } o) LinkMessages.CheckName(o);
        if (rule.Action == RuleAction.ToTable && rule.Table == RouteTables.Unspecified)
            throw new ArgumentException($"rule {rule}: a lookup rule needs a table");
        if (rule.FwMask is not null && rule.FwMark is null)
            throw new ArgumentException($"rule {rule}: a mark mask needs a mark");
    }
}
