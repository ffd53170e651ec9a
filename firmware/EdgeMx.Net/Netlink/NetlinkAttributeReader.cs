namespace EdgeMx.Net.Netlink;

/// <summary>
/// Walks the attributes after a message's fixed header (or inside a nested attribute). Each step checks the length
/// field before using it; a malformed attribute throws and leaves the position where it was.
/// </summary>
public ref struct NetlinkAttributeReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public NetlinkAttributeReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Reads the next attribute; false at the end. Throws <see cref="NetlinkFormatException"/> on a bad length.</summary>
    public bool TryRead(out NetlinkAttribute attribute)
    {
        attribute = default;
        var rest = _buffer[_position..];
        if (rest.IsEmpty) return false;
        if (rest.Length < NetlinkAttribute.HeaderSize)
            throw new NetlinkFormatException($"{rest.Length} trailing bytes at offset {_position} are too short for an attribute header");
        var length = BitConverter.ToUInt16(rest);
        var rawType = BitConverter.ToUInt16(rest[2..]);
        if (length < NetlinkAttribute.HeaderSize)
            throw new NetlinkFormatException($"attribute {rawType & NetlinkAttribute.TypeMask} at offset {_position}: length {length} is below the header size");
        if (length > rest.Length)
            throw new NetlinkFormatException($"attribute {rawType & NetlinkAttribute.TypeMask} at offset {_position}: length {length} runs past the {rest.Length} bytes left");
        attribute = new NetlinkAttribute(rawType, rest[NetlinkAttribute.HeaderSize..length]);
        // The last attribute may omit its padding; anything else advances to the next aligned offset.
        _position += Math.Min(NetlinkAttribute.Align(length), rest.Length);
        return true;
    }
}
