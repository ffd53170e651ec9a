using System.Buffers.Binary;
using System.Text;

namespace EdgeMx.Mqtt.Formatting;

/// <summary>
/// Reads the body of one control packet (everything after the fixed header). Every read checks the bytes left
/// before touching them and throws a Malformed <see cref="MqttProtocolException"/> without moving when they are not
/// there, so a length field can never send the reader past the packet (MQTT 5.0 §1.5 data representation).
/// </summary>
public ref struct MqttPacketReader
{
    // Strict: invalid UTF-8 (including encoded surrogates) throws rather than being replaced with U+FFFD [MQTT-1.5.4-1].
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _body;
    private int _position;

    public MqttPacketReader(ReadOnlySpan<byte> body)
    {
        _body = body;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _body.Length - _position;
    public readonly bool End => _position == _body.Length;

    public byte ReadByte()
    {
        Need(1, "byte");
        return _body[_position++];
    }

    /// <summary>Two Byte Integer, big-endian (§1.5.2).</summary>
    public ushort ReadUInt16()
    {
        Need(2, "Two Byte Integer");
        var value = BinaryPrimitives.ReadUInt16BigEndian(_body[_position..]);
        _position += 2;
        return value;
    }

    /// <summary>Four Byte Integer, big-endian (§1.5.3).</summary>
    public uint ReadUInt32()
    {
        Need(4, "Four Byte Integer");
        var value = BinaryPrimitives.ReadUInt32BigEndian(_body[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>Variable Byte Integer (§1.5.5) inside the body, e.g. a property length.</summary>
    public int ReadVariableByteInteger()
    {
        if (!VariableByteInteger.TryRead(_body[_position..], out var value, out var size))
            throw MqttProtocolException.Malformed($"Variable Byte Integer runs past the end of the packet at offset {_position}");
        _position += size;
        return value;
    }

    /// <summary>UTF-8 Encoded String (§1.5.4): 2-byte length, then well-formed UTF-8 without U+0000.</summary>
    public string ReadString()
    {
        var bytes = PeekLengthPrefixed("UTF-8 string");
        string value;
        try
        {
            value = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw MqttProtocolException.Malformed($"invalid UTF-8 in a string at offset {_position}");
        }
        if (value.Contains('\0'))
            throw MqttProtocolException.Malformed($"U+0000 in a string at offset {_position} [MQTT-1.5.4-2]");
        _position += 2 + bytes.Length;
        return value;
    }

    /// <summary>Binary Data (§1.5.6): 2-byte length, then that many bytes (copied out: the receive buffer is reused).</summary>
    public byte[] ReadBinary()
    {
        var bytes = PeekLengthPrefixed("Binary Data");
        _position += 2 + bytes.Length;
        return bytes.ToArray();
    }

    /// <summary>The rest of the body (a PUBLISH payload), copied out.</summary>
    public byte[] ReadToEnd()
    {
        var rest = _body[_position..].ToArray();
        _position = _body.Length;
        return rest;
    }

    /// <summary>A sub-reader over the next <paramref name="length"/> bytes (a property block), advancing past them.</summary>
    public MqttPacketReader Slice(int length, string what)
    {
        if (length < 0 || length > Remaining)
            throw MqttProtocolException.Malformed($"{what} length {length} exceeds the {Remaining} bytes left in the packet");
        var slice = new MqttPacketReader(_body.Slice(_position, length));
        _position += length;
        return slice;
    }

    /// <summary>Throws when bytes are left over: every packet's body must be consumed exactly.</summary>
    public readonly void ExpectEnd(string packet)
    {
        if (!End) throw MqttProtocolException.Malformed($"{packet}: {Remaining} unexpected bytes after the last field");
    }

    private readonly ReadOnlySpan<byte> PeekLengthPrefixed(string what)
    {
        Need(2, what + " length");
        var length = BinaryPrimitives.ReadUInt16BigEndian(_body[_position..]);
        if (length > Remaining - 2)
            throw MqttProtocolException.Malformed(
                $"{what} length {length} at offset {_position} exceeds the {Remaining - 2} bytes left in the packet");
        return _body.Slice(_position + 2, length);
    }

    private readonly void Need(int count, string what)
    {
        if (Remaining < count)
            throw MqttProtocolException.Malformed($"packet ends at offset {_position} before a {what} ({count} bytes)");
    }
}
