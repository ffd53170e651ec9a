namespace EdgeMx.Net.Netlink;

/// <summary>FRA_* attribute types of RTM_*RULE messages (linux/fib_rules.h).</summary>
public static class RuleAttribute
{
    public const ushort Destination = 1;     // FRA_DST
    public const ushort Source = 2;          // FRA_SRC
    public const ushort InputInterface = 3;  // FRA_IIFNAME: string
    public const ushort Goto = 4;            // FRA_GOTO
    public const ushort Priority = 6;        // FRA_PRIORITY: u32
    public const ushort FwMark = 10;         // FRA_FWMARK: u32
    public const ushort Flow = 11;           // FRA_FLOW
    public const ushort SuppressPrefixLength = 14; // FRA_SUPPRESS_PREFIXLEN
    public const ushort Table = 15;          // FRA_TABLE: u32
    public const ushort FwMask = 16;         // FRA_FWMASK: u32
    public const ushort OutputInterface = 17; // FRA_OIFNAME: string
    public const ushort L3MasterDevice = 19; // FRA_L3MDEV
    public const ushort Protocol = 21;       // FRA_PROTOCOL: u8, who installed the rule (Linux 4.17+)
}
