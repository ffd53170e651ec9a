namespace EdgeMx.Net.Netlink;

/// <summary>IFA_* attribute types of RTM_*ADDR messages (linux/if_addr.h).</summary>
public static class AddressAttribute
{
    public const ushort Address = 1;   // IFA_ADDRESS: the peer on point-to-point links, else the same as IFA_LOCAL
    public const ushort Local = 2;     // IFA_LOCAL: the local address (IPv4)
    public const ushort Label = 3;     // IFA_LABEL
    public const ushort Broadcast = 4; // IFA_BROADCAST
    public const ushort CacheInfo = 6; // IFA_CACHEINFO
    public const ushort Flags = 8;     // IFA_FLAGS: u32, supersedes ifa_flags
}
