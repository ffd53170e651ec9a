namespace EdgeMx.Net.Links;

/// <summary>Interface flags (IFF_* in linux/if.h) as carried in ifi_flags.</summary>
[Flags]
public enum LinkFlags : uint
{
    None = 0,
    Up = 0x1,             // IFF_UP: administratively up
    Broadcast = 0x2,
    Loopback = 0x8,
    PointToPoint = 0x10,
    Running = 0x40,       // IFF_RUNNING: RFC 2863 operational
    NoArp = 0x80,
    Promiscuous = 0x100,
    AllMulticast = 0x200,
    Master = 0x400,
    Slave = 0x800,
    Multicast = 0x1000,
    LowerUp = 0x10000,    // IFF_LOWER_UP: the driver reports carrier
    Dormant = 0x20000,
    Echo = 0x40000,
}
