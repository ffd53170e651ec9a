namespace EdgeMx.Net.Netlink;

/// <summary>nlmsg_type values: the netlink control types (linux/netlink.h) and the rtnetlink ones (linux/rtnetlink.h).</summary>
public static class NetlinkMessageType
{
    public const ushort Noop = 1;     // NLMSG_NOOP
    public const ushort Error = 2;    // NLMSG_ERROR (an ACK is an error with code 0)
    public const ushort Done = 3;     // NLMSG_DONE ends a multipart dump
    public const ushort Overrun = 4;  // NLMSG_OVERRUN

    public const ushort NewLink = 16;   // RTM_NEWLINK
    public const ushort DeleteLink = 17;
    public const ushort GetLink = 18;
    public const ushort SetLink = 19;
    public const ushort NewAddress = 20;  // RTM_NEWADDR
    public const ushort DeleteAddress = 21;
    public const ushort GetAddress = 22;
    public const ushort NewRoute = 24;    // RTM_NEWROUTE
    public const ushort DeleteRoute = 25;
    public const ushort GetRoute = 26;
    public const ushort NewRule = 32;     // RTM_NEWRULE
    public const ushort DeleteRule = 33;
    public const ushort GetRule = 34;

    public static string Name(ushort type) => type switch
    {
        Noop => "NLMSG_NOOP", Error => "NLMSG_ERROR", Done => "NLMSG_DONE", Overrun => "NLMSG_OVERRUN",
        NewLink => "RTM_NEWLINK", DeleteLink => "RTM_DELLINK", GetLink => "RTM_GETLINK", SetLink => "RTM_SETLINK",
        NewAddress => "RTM_NEWADDR", DeleteAddress => "RTM_DELADDR", GetAddress => "RTM_GETADDR",
        NewRoute => "RTM_NEWROUTE", DeleteRoute => "RTM_DELROUTE", GetRoute => "RTM_GETROUTE",
        NewRule => "RTM_NEWRULE", DeleteRule => "RTM_DELRULE", GetRule => "RTM_GETRULE",
        _ => $"type {type}",
    };
}
