using System.Runtime.InteropServices;

namespace EdgeMx.Net.Netlink;

/// <summary>
/// struct ifinfomsg (linux/rtnetlink.h): the fixed part of RTM_*LINK messages, followed by IFLA_* attributes.
/// <code>
///  0      1      2             4              8             12            16
/// +------+------+-------------+--------------+-------------+-------------+
/// |family| pad  | ifi_type    | ifi_index    | ifi_flags   | ifi_change  |
/// +------+------+-------------+--------------+-------------+-------------+
/// </code>
/// </summary>
public readonly record struct IfInfoMessage(byte Family, ushort DeviceType, int Index, uint Flags, uint Change)
{
    public const int Size = 16;
    public const int FamilyOffset = 0;
    public const int TypeOffset = 2;
    public const int IndexOffset = 4;
    public const int FlagsOffset = 8;
    public const int ChangeOffset = 12;

    public static IfInfoMessage Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size) throw new NetlinkFormatException($"ifinfomsg needs {Size} bytes, the payload has {source.Length}");
        return new IfInfoMessage(
            source[FamilyOffset],
            MemoryMarshal.Read<ushort>(source[TypeOffset..]),
            MemoryMarshal.Read<int>(source[IndexOffset..]),
            MemoryMarshal.Read<uint>(source[FlagsOffset..]),
            MemoryMarshal.Read<uint>(source[ChangeOffset..]));
    }

    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        destination[FamilyOffset] = Family;
        var type = DeviceType; var index = Index; var flags = Flags; var change = Change;
        MemoryMarshal.Write(destination[TypeOffset..], in type);
        MemoryMarshal.Write(destination[IndexOffset..], in index);
        MemoryMarshal.Write(destination[FlagsOffset..], in flags);
        MemoryMarshal.Write(destination[ChangeOffset..], in change);
    }
}
