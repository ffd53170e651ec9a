namespace EdgeMx.Net.Routing;

/// <summary>Well-known routing table ids (enum rt_class_t in linux/rtnetlink.h).</summary>
public static class RouteTables
{
    public const uint Unspecified = 0;
    public const uint Compat = 252;
    public const uint Default = 253;
    public const uint Main = 254;
    public const uint Local = 255;

    /// <summary>True for ids that ordinary routes must not be put in (the kernel's own tables and 0).</summary>
    public static bool IsReserved(uint table) => table is Unspecified or Compat or Default or Local;
}
