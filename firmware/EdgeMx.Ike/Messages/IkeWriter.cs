using System.Buffers.Binary;

namespace EdgeMx.Ike.Messages;

/// <summary>
/// Big-endian writer into a growing buffer. Lengths that are known only after a structure is written are
/// reserved with <see cref="ReserveUInt16"/> and filled in with <see cref="PatchUInt16"/>.
/// </summary>
public sealed class IkeWriter
{
    private byte[] _buffer;
    private int _length;

    public IkeWriter(int capacity = 512)
    {
        _buffer = new byte[Math.Max(capacity, 32)];
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public Span<byte> WrittenSpanMutable => _buffer.AsSpan(0, _length);

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void WriteUInt8(byte value) => GetSpan(1)[0] = value;

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(GetSpan(2), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(GetSpan(4), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(GetSpan(8), value);

    public void WriteBytes(ReadOnlySpan<byte> value) => value.CopyTo(GetSpan(value.Length));

    public void WriteZeros(int count) => GetSpan(count).Clear();

    /// <summary>Reserves two bytes and returns their offset for <see cref="PatchUInt16"/>.</summary>
    public int ReserveUInt16()
    {
        var at = _length;
        GetSpan(2).Clear();
        return at;
    }

    public void PatchUInt16(int offset, int value)
    {
        if (value is < 0 or > ushort.MaxValue)
            throw new InvalidOperationException($"length {value} does not fit the 16-bit length field");
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(offset, 2), (ushort)value);
    }

    public void PatchUInt32(int offset, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(offset, 4), value);

    public void PatchUInt8(int offset, byte value) => _buffer[offset] = value;

    /// <summary>Appends <paramref name="count"/> bytes and returns them for the caller to fill.</summary>
    public Span<byte> GetSpan(int count)
    {
        if (_length + count > _buffer.Length)
        {
            var grown = new byte[Math.Max(_buffer.Length * 2, _length + count)];
            _buffer.AsSpan(0, _length).CopyTo(grown);
            _buffer = grown;
        }
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
