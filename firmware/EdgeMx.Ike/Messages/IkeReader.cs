using System.Buffers.Binary;

namespace EdgeMx.Ike.Messages;

/// <summary>
/// Big-endian reader over one IKE message (or one payload body). Every read first checks that the bytes are there,
/// then advances; a read that throws consumes nothing. Compound reads (a payload, a proposal) work on a copy of the
/// reader and commit it only when the whole structure parsed, so they too leave the position unchanged on failure.
/// Errors are <see cref="IkeProtocolException"/> with INVALID_SYNTAX unless a more specific notify applies.
/// </summary>
public ref struct IkeReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public IkeReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool IsEmpty => _position == _data.Length;

    /// <summary>The unread bytes, without consuming them.</summary>
    public readonly ReadOnlySpan<byte> Rest => _data[_position..];

    public byte ReadUInt8(string field)
    {
        Require(1, field);
        return _data[_position++];
    }

    public ushort ReadUInt16(string field)
    {
        Require(2, field);
        var value = BinaryPrimitives.ReadUInt16BigEndian(_data.Slice(_position, 2));
        _position += 2;
        return value;
    }

    public uint ReadUInt32(string field)
    {
        Require(4, field);
        var value = BinaryPrimitives.ReadUInt32BigEndian(_data.Slice(_position, 4));
        _position += 4;
        return value;
    }

    public ulong ReadUInt64(string field)
    {
        Require(8, field);
        var value = BinaryPrimitives.ReadUInt64BigEndian(_data.Slice(_position, 8));
        _position += 8;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count, string field)
    {
        if (count < 0) throw IkeProtocolException.Syntax($"{field}: negative length {count}");
        Require(count, field);
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>Everything that is left (possibly nothing).</summary>
    public ReadOnlySpan<byte> ReadRest()
    {
        var slice = _data[_position..];
        _position = _data.Length;
        return slice;
    }

    /// <summary>Peeks a big-endian UInt16 at <paramref name="offset"/> from the current position.</summary>
    public readonly ushort PeekUInt16(int offset, string field)
    {
        if (offset < 0 || Remaining < offset + 2)
            throw IkeProtocolException.Syntax($"{field}: needs {offset + 2} bytes, {Remaining} left");
        return BinaryPrimitives.ReadUInt16BigEndian(_data.Slice(_position + offset, 2));
    }

    public readonly byte PeekUInt8(int offset, string field)
    {
        if (offset < 0 || Remaining < offset + 1)
            throw IkeProtocolException.Syntax($"{field}: needs {offset + 1} bytes, {Remaining} left");
        return _data[_position + offset];
    }

    /// <summary>Reads the next <paramref name="count"/> bytes as a reader of their own (a substructure body).</summary>
    public IkeReader ReadStructure(int count, string field) => new(ReadBytes(count, field));

    /// <summary>Throws unless everything was consumed: trailing bytes inside a length-delimited structure are an
    /// encoding error, not something to skip silently.</summary>
    public readonly void ExpectEnd(string structure)
    {
        if (!IsEmpty) throw IkeProtocolException.Syntax($"{structure}: {Remaining} unexpected trailing bytes");
    }

    private readonly void Require(int count, string field)
    {
        if (Remaining < count)
            throw IkeProtocolException.Syntax($"{field}: needs {count} bytes, {Remaining} left");
    }
}
