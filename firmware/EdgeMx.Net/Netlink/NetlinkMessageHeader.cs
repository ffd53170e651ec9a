using System.Runtime.InteropServices;

namespace EdgeMx.Net.Netlink;

/// <summary>
/// struct nlmsghdr (linux/netlink.h), in host byte order. Every netlink message starts with it and is padded to
/// <see cref="Alignment"/> bytes.
/// <code>
///  0               4       6       8              12             16
/// +---------------+-------+-------+---------------+---------------+
/// | nlmsg_len     | type  | flags | nlmsg_seq     | nlmsg_pid     |
/// +---------------+-------+-------+---------------+---------------+
/// </code>
/// </summary>
public readonly record struct NetlinkMessageHeader(uint Length, ushort Type, NetlinkFlags Flags, uint Sequence, uint PortId)
{
    public const int Size = 16;
    public const int Alignment = 4; // NLMSG_ALIGNTO
    public const int LengthOffset = 0;
    public const int TypeOffset = 4;
    public const int FlagsOffset = 6;
    public const int SequenceOffset = 8;
    public const int PortIdOffset = 12;

    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    /// <summary>Reads a header; the caller has checked that <paramref name="source"/> holds at least <see cref="Size"/> bytes.</summary>
    public static NetlinkMessageHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size) throw new NetlinkFormatException($"netlink header needs {Size} bytes, {source.Length} left");
        return new NetlinkMessageHeader(
            MemoryMarshal.Read<uint>(source[LengthOffset..]),
            MemoryMarshal.Read<ushort>(source[TypeOffset..]),
            (NetlinkFlags)MemoryMarshal.Read<ushort>(source[FlagsOffset..]),
            MemoryMarshal.Read<uint>(source[SequenceOffset..]),
            MemoryMarshal.Read<uint>(source[PortIdOffset..]));
    }

    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException("too small for nlmsghdr", nameof(destination));
        var length = Length; var type = Type; var flags = (ushort)Flags; var sequence = Sequence; var portId = PortId;
        MemoryMarshal.Write(destination[LengthOffset..], in length);
        MemoryMarshal.Write(destination[TypeOffset..], in type);
        MemoryMarshal.Write(destination[FlagsOffset..], in flags);
        MemoryMarshal.Write(destination[SequenceOffset..], in sequence);
        MemoryMarshal.Write(destination[PortIdOffset..], in portId);
    }
}
