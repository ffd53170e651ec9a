using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeMx.Net.Netlink;

/// <summary>
/// Builds one netlink request: header, fixed part, then aligned attributes (nested ones included). Lengths are
/// filled in when a message or a nest ends; every attribute is bounded by the 16-bit rta_len.
/// <code>
/// var w = new NetlinkMessageWriter();
/// w.Begin(NetlinkMessageType.NewRoute, NetlinkFlags.Create | NetlinkFlags.Replace);
/// new RouteMessage(...).Write(w.Reserve(RouteMessage.Size));
/// w.AddUInt32(RouteAttribute.Table, 100);
/// w.End();
/// </code>
/// </summary>
public sealed class NetlinkMessageWriter
{
    /// <summary>Our requests are small; anything bigger than this is a bug, not a message.</summary>
    public const int MaxMessageSize = 64 * 1024;

    private byte[] _buffer = new byte[256];
    private int _length;
    private int _messageStart = -1;
    private readonly Stack<int> _nests = new();

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);
    public int Length => _length;

    /// <summary>The type of the message begun last (for error messages).</summary>
    public ushort MessageType { get; private set; }

    public void Reset()
    {
        _length = 0;
        _messageStart = -1;
        _nests.Clear();
    }

    public void Begin(ushort type, NetlinkFlags flags)
    {
        if (_messageStart >= 0) throw new InvalidOperationException("the previous message was not ended");
        _messageStart = _length;
        MessageType = type;
        new NetlinkMessageHeader(0, type, flags | NetlinkFlags.Request, 0, 0).Write(Reserve(NetlinkMessageHeader.Size));
    }

    public void End()
    {
        if (_messageStart < 0) throw new InvalidOperationException("no message begun");
        if (_nests.Count != 0) throw new InvalidOperationException("a nested attribute was not ended");
        var length = (uint)(_length - _messageStart);
        MemoryMarshal.Write(_buffer.AsSpan(_messageStart + NetlinkMessageHeader.LengthOffset), in length);
        _messageStart = -1;
    }

    /// <summary>Reserves <paramref name="size"/> zeroed bytes (padded to 4) for a fixed header such as ifinfomsg.</summary>
    public Span<byte> Reserve(int size)
    {
        var aligned = NetlinkAttribute.Align(size);
        Grow(aligned);
        var span = _buffer.AsSpan(_length, aligned);
        span.Clear();
        _length += aligned;
        return span[..size];
    }

    public void AddBytes(ushort type, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > NetlinkAttribute.MaxPayload)
            throw new ArgumentOutOfRangeException(nameof(payload), $"attribute {type}: {payload.Length} bytes exceed rta_len");
        var header = Reserve(NetlinkAttribute.HeaderSize + payload.Length);
        var length = (ushort)(NetlinkAttribute.HeaderSize + payload.Length);
        MemoryMarshal.Write(header, in length);
        MemoryMarshal.Write(header[2..], in type);
        payload.CopyTo(header[NetlinkAttribute.HeaderSize..]);
    }

    public void AddByte(ushort type, byte value) => AddBytes(type, [value]);

    public void AddUInt16(ushort type, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        MemoryMarshal.Write(b, in value);
        AddBytes(type, b);
    }

    public void AddUInt32(ushort type, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        MemoryMarshal.Write(b, in value);
        AddBytes(type, b);
    }

    /// <summary>A NUL-terminated string (IFNAMSIZ-limited names are checked by the caller).</summary>
    public void AddString(ushort type, string value)
    {
        var size = Encoding.UTF8.GetByteCount(value) + 1;
        if (size > 1024) throw new ArgumentOutOfRangeException(nameof(value), "string attribute too long");
        Span<byte> b = stackalloc byte[size];
        Encoding.UTF8.GetBytes(value, b);
        b[^1] = 0;
        AddBytes(type, b);
    }

    public void AddAddress(ushort type, IPAddress address)
    {
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
            throw new ArgumentException($"{address} is not an IPv4 or IPv6 address", nameof(address));
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out var written);
        AddBytes(type, b[..written]);
    }

    /// <summary>Starts a nested attribute (NLA_F_NESTED is set); end it with <see cref="EndNested"/>.</summary>
    public void BeginNested(ushort type)
    {
        _nests.Push(_length);
        var header = Reserve(NetlinkAttribute.HeaderSize);
        var raw = (ushort)(type | NetlinkAttribute.NestedFlag);
        MemoryMarshal.Write(header[2..], in raw);
    }

    public void EndNested()
    {
        if (_nests.Count == 0) throw new InvalidOperationException("no nested attribute begun");
        var start = _nests.Pop();
        var length = _length - start;
        if (length > ushort.MaxValue) throw new InvalidOperationException($"nested attribute of {length} bytes exceeds rta_len");
        var len16 = (ushort)length;
        MemoryMarshal.Write(_buffer.AsSpan(start), in len16);
    }

    private void Grow(int extra)
    {
        var needed = _length + extra;
        if (needed > MaxMessageSize) throw new InvalidOperationException($"netlink request would exceed {MaxMessageSize} bytes");
        if (needed <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Min(MaxMessageSize, Math.Max(needed, _buffer.Length * 2)));
    }
}
