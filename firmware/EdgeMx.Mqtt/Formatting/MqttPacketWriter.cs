using System.Buffers.Binary;
using System.Text;

namespace EdgeMx.Mqtt.Formatting;

/// <summary>
/// Writes packet fields big-endian into a span. The same code runs twice per packet: once with
/// <see cref="Measuring"/> to learn the Remaining Length (nothing is written), then into a buffer of exactly that
/// size — so a packet is encoded in place with no intermediate copies and no measure/write drift.
/// </summary>
public ref struct MqttPacketWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Span<byte> _buffer;
    private int _written;

    private MqttPacketWriter(Span<byte> buffer, bool measuring)
    {
        _buffer = buffer;
        Measuring = measuring;
        _written = 0;
    }

    /// <summary>A writer that only counts.</summary>
    public static MqttPacketWriter Measure() => new(default, measuring: true);

    public static MqttPacketWriter Into(Span<byte> buffer) => new(buffer, measuring: false);

    public readonly bool Measuring { get; }
    public readonly int Written => _written;

    public void WriteByte(byte value)
    {
        if (!Measuring) _buffer[_written] = value;
        _written += 1;
    }

    public void WriteUInt16(ushort value)
    {
        if (!Measuring) BinaryPrimitives.WriteUInt16BigEndian(_buffer[_written..], value);
        _written += 2;
    }

    public void WriteUInt32(uint value)
    {
        if (!Measuring) BinaryPrimitives.WriteUInt32BigEndian(_buffer[_written..], value);
        _written += 4;
    }

    public void WriteVariableByteInteger(int value)
    {
        if (Measuring) _written += VariableByteInteger.SizeOf(value);
        else _written += VariableByteInteger.Write(_buffer[_written..], value);
    }

    /// <summary>UTF-8 Encoded String (§1.5.4). Rejects what the peer would have to treat as malformed: more than
    /// 65,535 bytes, U+0000, unpaired surrogates.</summary>
    public void WriteString(string value)
    {
        if (value.Contains('\0')) throw new ArgumentException("MQTT strings must not contain U+0000 [MQTT-1.5.4-2]", nameof(value));
        int length;
        try
        {
            length = Measuring
                ? StrictUtf8.GetByteCount(value)
                : StrictUtf8.GetBytes(value, _buffer[(_written + 2)..]);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("MQTT strings must be well-formed UTF-16 (no unpaired surrogates)", nameof(value), e);
        }
        if (length > ushort.MaxValue) throw new ArgumentException($"MQTT string of {length} bytes exceeds 65,535", nameof(value));
        if (!Measuring) BinaryPrimitives.WriteUInt16BigEndian(_buffer[_written..], (ushort)length);
        _written += 2 + length;
    }

    /// <summary>Binary Data (§1.5.6): 2-byte length then the bytes.</summary>
    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue) throw new ArgumentException($"MQTT binary data of {value.Length} bytes exceeds 65,535", nameof(value));
        WriteUInt16((ushort)value.Length);
        WriteBytes(value);
    }

    /// <summary>Raw bytes with no length prefix (a PUBLISH payload).</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        if (!Measuring) value.CopyTo(_buffer[_written..]);
        _written += value.Length;
    }
}
