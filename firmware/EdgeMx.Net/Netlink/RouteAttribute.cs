namespace EdgeMx.Net.Netlink;

/// <summary>RTA_* attribute types of RTM_*ROUTE messages (enum rtattr_type_t in linux/rtnetlink.h).</summary>
public static class RouteAttribute
{
    public const ushort Destination = 1;    // RTA_DST
    public const ushort Source = 2;         // RTA_SRC
    public const ushort InputInterface = 3; // RTA_IIF
    public const ushort OutputInterface = 4; // RTA_OIF: u32 ifindex
    public const ushort Gateway = 5;        // RTA_GATEWAY
    public const ushort Priority = 6;       // RTA_PRIORITY: u32, the metric
    public const ushort PreferredSource = 7; // RTA_PREFSRC
    public const ushort Metrics = 8;        // RTA_METRICS: nested
    public const ushort Multipath = 9;      // RTA_MULTIPATH
    public const ushort CacheInfo = 12;     // RTA_CACHEINFO
    public const ushort Table = 15;         // RTA_TABLE: u32, needed for table ids above 255
    public const ushort Mark = 16;          // RTA_MARK
    public const ushort Via = 18;           // RTA_VIA
    public const ushort Preference = 20;    // RTA_PREF
}
