namespace EdgeMx.Net.Netlink;

/// <summary>
/// Splits one received datagram into its netlink messages (NLMSG_OK / NLMSG_NEXT, with every length checked).
/// A malformed header throws and leaves the position unchanged.
/// </summary>
public ref struct NetlinkMessageReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public NetlinkMessageReader(ReadOnlySpan<byte> datagram)
    {
        _buffer = datagram;
        _position = 0;
    }

    public readonly int Position => _position;

    public bool TryRead(out NetlinkMessage message)
    {
        message = default;
        var rest = _buffer[_position..];
        if (rest.IsEmpty) return false;
        if (rest.Length < NetlinkMessageHeader.Size)
            throw new NetlinkFormatException($"{rest.Length} trailing bytes at offset {_position} are too short for a netlink header");
        var header = NetlinkMessageHeader.Read(rest);
        if (header.Length < NetlinkMessageHeader.Size)
            throw new NetlinkFormatException($"message at offset {_position}: nlmsg_len {header.Length} is below the header size");
        if (header.Length > (uint)rest.Length)
            throw new NetlinkFormatException($"message at offset {_position}: nlmsg_len {header.Length} runs past the {rest.Length} bytes left");
        var length = (int)header.Length;
        message = new NetlinkMessage(header, rest[NetlinkMessageHeader.Size..length]);
        _position += Math.Min(NetlinkMessageHeader.Align(length), rest.Length);
        return true;
    }
}
