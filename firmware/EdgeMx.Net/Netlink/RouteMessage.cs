using System.Runtime.InteropServices;

namespace EdgeMx.Net.Netlink;

/// <summary>
/// struct rtmsg (linux/rtnetlink.h): the fixed part of RTM_*ROUTE messages, followed by RTA_* attributes.
/// <code>
///  0      1       2       3     4       5        6       7      8            12
/// +------+-------+-------+-----+-------+--------+-------+------+------------+
/// |family|dst_len|src_len| tos | table |protocol| scope | type | rtm_flags  |
/// +------+-------+-------+-----+-------+--------+-------+------+------------+
/// </code>
/// </summary>
public readonly record struct RouteMessage(
    byte Family, byte DestinationLength, byte SourceLength, byte Tos, byte Table, byte Protocol, byte Scope, byte Type, uint Flags)
{
    public const int Size = 12;
    public const int FamilyOffset = 0;
    public const int DestinationLengthOffset = 1;
    public const int SourceLengthOffset = 2;
    public const int TosOffset = 3;
    public const int TableOffset = 4;
    public const int ProtocolOffset = 5;
    public const int ScopeOffset = 6;
    public const int TypeOffset = 7;
    public const int FlagsOffset = 8;

    public static RouteMessage Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size) throw new NetlinkFormatException($"rtmsg needs {Size} bytes, the payload has {source.Length}");
        return new RouteMessage(source[FamilyOffset], source[DestinationLengthOffset], source[SourceLengthOffset], source[TosOffset],
            source[TableOffset], source[ProtocolOffset], source[ScopeOffset], source[TypeOffset],
            MemoryMarshal.Read<uint>(source[FlagsOffset..]));
    }

    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        destination[FamilyOffset] = Family;
        destination[DestinationLengthOffset] = DestinationLength;
        destination[SourceLengthOffset] = SourceLength;
        destination[TosOffset] = Tos;
        destination[TableOffset] = Table;
        destination[ProtocolOffset] = Protocol;
        destination[ScopeOffset] = Scope;
        destination[TypeOffset] = Type;
        var flags = Flags;
        MemoryMarshal.Write(destination[FlagsOffset..], in flags);
    }
}
