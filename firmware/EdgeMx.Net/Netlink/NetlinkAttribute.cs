using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeMx.Net.Netlink;

/// <summary>
/// One rtattr/nlattr (linux/netlink.h) as read from a message: its type (without the NLA_F_* bits) and payload.
/// Every typed read checks the payload length exactly, so a short or overlong value is an error, not garbage.
/// <code>
///  0             2             4
/// +-------------+-------------+---------------------------+---------+
/// | nla_len     | nla_type    | payload (nla_len - 4)     | padding |
/// +-------------+-------------+---------------------------+---------+
/// </code>
/// </summary>
public readonly ref struct NetlinkAttribute
{
    public const int HeaderSize = 4;
    public const int Alignment = 4;            // NLA_ALIGNTO
    public const ushort NestedFlag = 0x8000;   // NLA_F_NESTED
    public const ushort NetworkByteOrderFlag = 0x4000; // NLA_F_NET_BYTEORDER
    public const ushort TypeMask = 0x3fff;     // NLA_TYPE_MASK
    public const int MaxPayload = ushort.MaxValue - HeaderSize;

    public NetlinkAttribute(ushort rawType, ReadOnlySpan<byte> payload)
    {
        RawType = rawType;
        Payload = payload;
    }

    public ushort RawType { get; }
    public ushort Type => (ushort)(RawType & TypeMask);
    public bool IsNested => (RawType & NestedFlag) != 0;
    public ReadOnlySpan<byte> Payload { get; }

    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    public byte ReadByte() => Payload.Length == 1 ? Payload[0] : throw WrongLength(1);

    public ushort ReadUInt16() => Payload.Length == 2 ? MemoryMarshal.Read<ushort>(Payload) : throw WrongLength(2);

    public uint ReadUInt32() => Payload.Length == 4 ? MemoryMarshal.Read<uint>(Payload) : throw WrongLength(4);

    public ulong ReadUInt64() => Payload.Length == 8 ? MemoryMarshal.Read<ulong>(Payload) : throw WrongLength(8);

    /// <summary>A NUL-terminated string (IFLA_IFNAME, FRA_IIFNAME): the terminator must be inside the payload.</summary>
    public string ReadString()
    {
        var end = Payload.IndexOf((byte)0);
        if (end < 0) throw new NetlinkFormatException($"attribute {Type}: string of {Payload.Length} bytes has no NUL terminator");
        return Encoding.UTF8.GetString(Payload[..end]);
    }

    /// <summary>An address in network byte order; its length must be the family's (4 or 16 bytes).</summary>
    public IPAddress ReadAddress(AddressFamily family)
    {
        var size = family switch
        {
            AddressFamily.InterNetwork => 4,
            AddressFamily.InterNetworkV6 => 16,
            _ => throw new NetlinkFormatException($"attribute {Type}: address family {family} is not IPv4 or IPv6"),
        };
        if (Payload.Length != size) throw WrongLength(size);
        return new IPAddress(Payload);
    }

    public NetlinkAttributeReader ReadNested() => new(Payload);

    private NetlinkFormatException WrongLength(int expected) =>
        new($"attribute {Type}: payload is {Payload.Length} bytes, expected {expected}");
}
