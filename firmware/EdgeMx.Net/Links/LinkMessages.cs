using System.Net;
using System.Net.Sockets;
using EdgeMx.Net.Netlink;

namespace EdgeMx.Net.Links;

/// <summary>RTM_*LINK and RTM_*ADDR messages ⇄ <see cref="LinkInfo"/> / <see cref="InterfaceAddress"/>.</summary>
public static class LinkMessages
{
    public const byte AfUnspec = 0;
    public const byte AfInet = 2;
    public const byte AfInet6 = 10;
    public const ushort LinkInfoKind = 1; // IFLA_INFO_KIND inside IFLA_LINKINFO
    public const int MaxNameLength = 15;  // IFNAMSIZ - 1

    public static byte ToWire(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => AfInet,
        AddressFamily.InterNetworkV6 => AfInet6,
        AddressFamily.Unspecified => AfUnspec,
        _ => throw new ArgumentException($"{family} is not IPv4 or IPv6", nameof(family)),
    };

    public static AddressFamily FromWire(byte family) => family switch
    {
        AfInet => AddressFamily.InterNetwork,
        AfInet6 => AddressFamily.InterNetworkV6,
        AfUnspec => AddressFamily.Unspecified,
        _ => AddressFamily.Unknown,
    };

    public static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Contains('/') || name.Contains('\0') || name.Any(char.IsWhiteSpace))
            throw new ArgumentException($"'{name}' is not a valid interface name (1..{MaxNameLength} characters, no '/', no spaces)", nameof(name));
    }

    /// <summary>Reads an RTM_NEWLINK/RTM_DELLINK; null for messages that are not about a whole link (bridge-port copies).</summary>
    public static LinkInfo? ReadLink(NetlinkMessage message)
    {
        if (message.Type is not (NetlinkMessageType.NewLink or NetlinkMessageType.DeleteLink)) return null;
        var header = IfInfoMessage.Read(message.Payload);
        // The bridge driver sends AF_BRIDGE copies about its ports; they are not the link's own state.
        if (header.Family != AfUnspec) return null;
        string? name = null, kind = null, hardware = null;
        int mtu = 0;
        byte? carrier = null;
        uint carrierChanges = 0;
        var operState = LinkOperState.Unknown;
        var attributes = message.Attributes(IfInfoMessage.Size);
        while (attributes.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case LinkAttribute.Name: name = attribute.ReadString(); break;
                case LinkAttribute.Mtu: mtu = (int)attribute.ReadUInt32(); break;
                case LinkAttribute.OperState: operState = (LinkOperState)attribute.ReadByte(); break;
                case LinkAttribute.Carrier: carrier = attribute.ReadByte(); break;
                case LinkAttribute.CarrierChanges: carrierChanges = attribute.ReadUInt32(); break;
                case LinkAttribute.Address:
                    if (!attribute.Payload.IsEmpty) hardware = string.Join(':', attribute.Payload.ToArray().Select(b => b.ToString("x2")));
                    break;
                case LinkAttribute.LinkInfo:
                    var nested = attribute.ReadNested();
                    while (nested.TryRead(out var info))
                        if (info.Type == LinkInfoKind) kind = info.ReadString();
                    break;
            }
        }
        if (name is null) throw new NetlinkFormatException($"{NetlinkMessageType.Name(message.Type)} for index {header.Index} has no IFLA_IFNAME");
        var flags = (LinkFlags)header.Flags;
        return new LinkInfo
        {
            Index = header.Index,
            Name = name,
            Flags = flags,
            Carrier = carrier is { } c ? c != 0 : (flags & LinkFlags.LowerUp) != 0,
            OperState = operState,
            Mtu = mtu,
            Kind = kind,
            HardwareAddress = hardware,
            CarrierChanges = carrierChanges,
        };
    }

    /// <summary>Reads an RTM_NEWADDR/RTM_DELADDR of IPv4 or IPv6; null for other families.</summary>
    public static InterfaceAddress? ReadAddress(NetlinkMessage message)
    {
        if (message.Type is not (NetlinkMessageType.NewAddress or NetlinkMessageType.DeleteAddress)) return null;
        var header = IfAddrMessage.Read(message.Payload);
        var family = FromWire(header.Family);
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) return null;
        if (header.PrefixLength > Prefix.MaxLength(family))
            throw new NetlinkFormatException($"{NetlinkMessageType.Name(message.Type)}: prefix length {header.PrefixLength} is too long for {family}");
        IPAddress? local = null, address = null;
        uint flags = header.Flags;
        var attributes = message.Attributes(IfAddrMessage.Size);
        while (attributes.TryRead(out var attribute))
        {
            switch (attribute.Type)
            {
                case AddressAttribute.Local: local = attribute.ReadAddress(family); break;
                case AddressAttribute.Address: address = attribute.ReadAddress(family); break;
                case AddressAttribute.Flags: flags = attribute.ReadUInt32(); break;
            }
        }
        // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links (IPv4), and the
        // only one IPv6 sends.
        var own = local ?? address
            ?? throw new NetlinkFormatException($"{NetlinkMessageType.Name(message.Type)} for index {header.Index} has neither IFA_LOCAL nor IFA_ADDRESS");
        return new InterfaceAddress(header.Index, own, header.PrefixLength) { Scope = header.Scope, Flags = flags };
    }

    /// <summary>Begins an RTM_*LINK request; with <paramref name="end"/> false the caller adds attributes and ends it.</summary>
    public static void WriteLinkRequest(NetlinkMessageWriter writer, ushort type, NetlinkFlags flags, int index, uint ifFlags = 0, uint change = 0,
        bool end = false)
    {
        writer.Reset();
        writer.Begin(type, flags);
        new IfInfoMessage(AfUnspec, 0, index, ifFlags, change).Write(writer.Reserve(IfInfoMessage.Size));
        if (end) writer.End();
    }

    public static void WriteAddressRequest(NetlinkMessageWriter writer, ushort type, NetlinkFlags flags, int index, IPAddress address,
        int prefixLength, uint addressFlags)
    {
        var family = address.AddressFamily;
        var max = Prefix.MaxLength(family);
        if (prefixLength < 0 || prefixLength > max) throw new ArgumentOutOfRangeException(nameof(prefixLength), $"prefix length {prefixLength} outside 0..{max}");
        writer.Reset();
        writer.Begin(type, flags);
        new IfAddrMessage(ToWire(family), (byte)prefixLength, (byte)(addressFlags & 0xff), 0, index).Write(writer.Reserve(IfAddrMessage.Size));
        if (family == AddressFamily.InterNetwork) writer.AddAddress(AddressAttribute.Local, address);
        writer.AddAddress(AddressAttribute.Address, address);
        if (addressFlags > 0xff) writer.AddUInt32(AddressAttribute.Flags, addressFlags);
        writer.End();
    }
}
