using System.Runtime.InteropServices;

namespace EdgeMx.Net.Netlink;

/// <summary>
/// struct fib_rule_hdr (linux/fib_rules.h): the fixed part of RTM_*RULE messages, followed by FRA_* attributes.
/// <code>
///  0      1       2       3     4       5      6      7       8            12
/// +------+-------+-------+-----+-------+------+------+-------+------------+
/// |family|dst_len|src_len| tos | table | res1 | res2 |action | flags      |
/// +------+-------+-------+-----+-------+------+------+-------+------------+
/// </code>
/// </summary>
public readonly record struct FibRuleHeader(
    byte Family, byte DestinationLength, byte SourceLength, byte Tos, byte Table, byte Action, uint Flags)
{
    public const int Size = 12;
    public const int FamilyOffset = 0;
    public const int DestinationLengthOffset = 1;
    public const int SourceLengthOffset = 2;
    public const int TosOffset = 3;
    public const int TableOffset = 4;
    public const int ActionOffset = 7;
    public const int FlagsOffset = 8;

    /// <summary>FIB_RULE_INVERT: the selector is negated ("not from ...").</summary>
    public const uint FlagInvert = 0x2;

    public static FibRuleHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size) throw new NetlinkFormatException($"fib_rule_hdr needs {Size} bytes, the payload has {source.Length}");
        return new FibRuleHeader(source[FamilyOffset], source[DestinationLengthOffset], source[SourceLengthOffset], source[TosOffset],
            source[TableOffset], source[ActionOffset], MemoryMarshal.Read<uint>(source[FlagsOffset..]));
    }

    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        destination[FamilyOffset] = Family;
        destination[DestinationLengthOffset] = DestinationLength;
        destination[SourceLengthOffset] = SourceLength;
        destination[TosOffset] = Tos;
        destination[TableOffset] = Table;
        destination[ActionOffset] = Action;
        var flags = Flags;
        MemoryMarshal.Write(destination[FlagsOffset..], in flags);
    }
}
