using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// One traffic selector (RFC 7296 §3.13.1): an address range, a port range and an IP protocol (0 = any).
/// Addresses are kept as 128-bit integers so ranges compare and intersect without allocations; IPv4 uses the low
/// 32 bits.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   TS Type     |IP Protocol ID*|       Selector Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Start Port*         |           End Port*           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                         Starting Address*                     ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                         Ending Address*                       ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct TrafficSelector(
    TrafficSelectorType Type,
    byte IpProtocol,
    ushort StartPort,
    ushort EndPort,
    UInt128 StartAddress,
    UInt128 EndAddress)
{
    public const int Ipv4Length = 16;
    public const int Ipv6Length = 40;

    public int AddressLength => Type == TrafficSelectorType.Ipv4AddressRange ? 4 : 16;

    public bool IsIpv4 => Type == TrafficSelectorType.Ipv4AddressRange;

    public IPAddress StartIp => ToAddress(StartAddress, IsIpv4);

    public IPAddress EndIp => ToAddress(EndAddress, IsIpv4);

    /// <summary>All ports, all protocols, the given address range.</summary>
    public static TrafficSelector FromRange(IPAddress start, IPAddress end, byte protocol = 0,
        ushort startPort = 0, ushort endPort = ushort.MaxValue)
    {
        if (start.AddressFamily != end.AddressFamily) throw new ArgumentException("address families differ");
        var type = start.AddressFamily == AddressFamily.InterNetwork
            ? TrafficSelectorType.Ipv4AddressRange : TrafficSelectorType.Ipv6AddressRange;
        return new TrafficSelector(type, protocol, startPort, endPort, ToValue(start), ToValue(end));
    }

    /// <summary>A subnet in CIDR notation ("192.168.50.0/24", "2001:db8::/32"), all ports and protocols.</summary>
    public static TrafficSelector FromSubnet(IPAddress network, int prefixLength, byte protocol = 0)
    {
        var bits = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefixLength < 0 || prefixLength > bits) throw new ArgumentOutOfRangeException(nameof(prefixLength));
        var value = ToValue(network);
        var hostBits = bits - prefixLength;
        var hostMask = hostBits == 0 ? UInt128.Zero : (hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1);
        var start = value & ~hostMask;
        if (bits == 32) start &= uint.MaxValue;
        var end = start | hostMask;
        var type = bits == 32 ? TrafficSelectorType.Ipv4AddressRange : TrafficSelectorType.Ipv6AddressRange;
        return new TrafficSelector(type, protocol, 0, ushort.MaxValue, start, end);
    }

    public static TrafficSelector ParseSubnet(string cidr)
    {
        var slash = cidr.IndexOf('/');
        var address = IPAddress.Parse(slash < 0 ? cidr : cidr[..slash]);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = slash < 0 ? bits : int.Parse(cidr[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
        return FromSubnet(address, prefix);
    }

    internal static TrafficSelector Read(ref IkeReader reader)
    {
        var r = reader;
        var type = (TrafficSelectorType)r.ReadUInt8("TS: type");
        var protocol = r.ReadUInt8("TS: IP protocol");
        var length = r.ReadUInt16("TS: selector length");
        int addressLength = type switch
        {
            TrafficSelectorType.Ipv4AddressRange => 4,
            TrafficSelectorType.Ipv6AddressRange => 16,
            _ => throw IkeProtocolException.Syntax($"TS: unsupported type {(byte)type}"),
        };
        if (length != 8 + 2 * addressLength)
            throw IkeProtocolException.Syntax($"TS: {type} selector length {length} (must be {8 + 2 * addressLength})");
        var startPort = r.ReadUInt16("TS: start port");
        var endPort = r.ReadUInt16("TS: end port");
        var start = ReadAddress(r.ReadBytes(addressLength, "TS: start address"));
        var end = ReadAddress(r.ReadBytes(addressLength, "TS: end address"));
        reader = r;
        return new TrafficSelector(type, protocol, startPort, endPort, start, end);
    }

    internal void Write(IkeWriter writer)
    {
        writer.WriteUInt8((byte)Type);
        writer.WriteUInt8(IpProtocol);
        writer.WriteUInt16((ushort)(8 + 2 * AddressLength));
        writer.WriteUInt16(StartPort);
        writer.WriteUInt16(EndPort);
        WriteAddress(writer, StartAddress, AddressLength);
        WriteAddress(writer, EndAddress, AddressLength);
    }

    /// <summary>strongSwan's notation: "192.168.50.0/24", a range "10.0.0.1..10.0.0.9", plus "[proto/port]".</summary>
    public override string ToString()
    {
        var text = FormatAddresses();
        if (IpProtocol == 0 && StartPort == 0 && EndPort == ushort.MaxValue) return text;
        var ports = StartPort == 0 && EndPort == ushort.MaxValue ? ""
            : StartPort == EndPort ? $"/{StartPort}" : $"/{StartPort}-{EndPort}";
        return $"{text}[{IpProtocol}{ports}]";
    }

    private string FormatAddresses()
    {
        var bits = IsIpv4 ? 32 : 128;
        var span = EndAddress - StartAddress;
        // A range is a CIDR block when its size is a power of two and the start is aligned to it.
        if (EndAddress >= StartAddress && ((span + 1) & span) == 0 && (StartAddress & span) == 0)
        {
            var hostBits = span == UInt128.MaxValue ? 128 : (int)UInt128.Log2(span + 1);
            if (span == 0) hostBits = 0;
            return $"{StartIp}/{bits - hostBits}";
        }
        return $"{StartIp}..{EndIp}";
    }

    public static UInt128 ToValue(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return ReadAddress(bytes[..written]);
    }

    public static IPAddress ToAddress(UInt128 value, bool ipv4)
    {
        var length = ipv4 ? 4 : 16;
        Span<byte> bytes = stackalloc byte[16];
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xFF);
            value >>= 8;
        }
        return new IPAddress(bytes[..length]);
    }

    private static UInt128 ReadAddress(ReadOnlySpan<byte> bytes)
    {
        UInt128 value = 0;
        foreach (var b in bytes) value = (value << 8) | b;
        return value;
    }

    private static void WriteAddress(IkeWriter writer, UInt128 value, int length)
    {
        var span = writer.GetSpan(length);
        for (var i = length - 1; i >= 0; i--)
        {
            span[i] = (byte)(value & 0xFF);
            value >>= 8;
        }
    }
}
