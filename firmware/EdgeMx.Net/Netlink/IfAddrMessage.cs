using System.Runtime.InteropServices;

namespace EdgeMx.Net.Netlink;

/// <summary>
/// struct ifaddrmsg (linux/if_addr.h): the fixed part of RTM_*ADDR messages, followed by IFA_* attributes.
/// <code>
///  0        1           2         3         4              8
/// +--------+-----------+---------+---------+--------------+
/// | family | prefixlen | flags   | scope   | ifa_index    |
/// +--------+-----------+---------+---------+--------------+
/// </code>
/// </summary>
public readonly record struct IfAddrMessage(byte Family, byte PrefixLength, byte Flags, byte Scope, int Index)
{
    public const int Size = 8;
    public const int FamilyOffset = 0;
    public const int PrefixLengthOffset = 1;
    public const int FlagsOffset = 2;
    public const int ScopeOffset = 3;
    public const int IndexOffset = 4;

    public static IfAddrMessage Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size) throw new NetlinkFormatException($"ifaddrmsg needs {Size} bytes, the payload has {source.Length}");
        return new IfAddrMessage(source[FamilyOffset], source[PrefixLengthOffset], source[FlagsOffset], source[ScopeOffset],
            MemoryMarshal.Read<int>(source[IndexOffset..]));
    }

    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        destination[FamilyOffset] = Family;
        destination[PrefixLengthOffset] = PrefixLength;
        destination[FlagsOffset] = Flags;
        destination[ScopeOffset] = Scope;
        var index = Index;
        MemoryMarshal.Write(destination[IndexOffset..], in index);
    }
}
