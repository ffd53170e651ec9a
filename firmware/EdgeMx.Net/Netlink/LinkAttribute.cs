namespace EdgeMx.Net.Netlink;

/// <summary>IFLA_* attribute types of RTM_*LINK messages (linux/if_link.h).</summary>
public static class LinkAttribute
{
    public const ushort Address = 1;     // IFLA_ADDRESS: hardware address
    public const ushort Broadcast = 2;   // IFLA_BROADCAST
    public const ushort Name = 3;        // IFLA_IFNAME: NUL-terminated string
    public const ushort Mtu = 4;         // IFLA_MTU: u32
    public const ushort Link = 5;        // IFLA_LINK: u32 ifindex of the lower device
    public const ushort Master = 10;     // IFLA_MASTER
    public const ushort TxQueueLength = 13; // IFLA_TXQLEN
    public const ushort OperState = 16;  // IFLA_OPERSTATE: u8, RFC 2863 state
    public const ushort LinkMode = 17;   // IFLA_LINKMODE
    public const ushort LinkInfo = 18;   // IFLA_LINKINFO: nested
    public const ushort ExtMask = 29;    // IFLA_EXT_MASK
    public const ushort Carrier = 33;    // IFLA_CARRIER: u8
    public const ushort CarrierChanges = 35; // IFLA_CARRIER_CHANGES: u32
}
