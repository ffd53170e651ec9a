namespace EdgeMx.Mqtt.Formatting;

/// <summary>
/// MQTT's Variable Byte Integer (MQTT 5.0 §1.5.5): 7 bits per byte, least significant group first, the high bit
/// says "more follows"; at most 4 bytes, so at most 268,435,455. The encoding must be minimal [MQTT-1.5.5-1].
/// </summary>
public static class VariableByteInteger
{
    public const int MaxValue = 268_435_455;
    public const int MaxSize = 4;

    public static int SizeOf(int value) => value switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(value)),
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        <= MaxValue => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "larger than a Variable Byte Integer holds"),
    };

    public static int Write(Span<byte> destination, int value)
    {
        var size = SizeOf(value);
        for (var i = 0; i < size; i++)
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            destination[i] = i < size - 1 ? (byte)(b | 0x80) : b;
        }
        return size;
    }

    /// <summary>
    /// Reads one value from the start of <paramref name="source"/>. Returns false when the source ends before the
    /// last byte (read more and try again); throws <see cref="MqttProtocolException"/> when a fifth byte would be
    /// needed or the encoding is not minimal. Consumes nothing either way; the caller advances by
    /// <paramref name="size"/>.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out int value, out int size)
    {
        value = 0;
        size = 0;
        var multiplier = 0;
        for (var i = 0; i < MaxSize; i++)
        {
            if (i >= source.Length) return false;
            var b = source[i];
            value |= (b & 0x7F) << multiplier;
            if ((b & 0x80) == 0)
            {
                // A last byte of zero after continuation bytes adds nothing: a longer-than-needed encoding.
                if (i > 0 && b == 0)
                    throw MqttProtocolException.Malformed("Variable Byte Integer not minimally encoded");
                size = i + 1;
                return true;
            }
            multiplier += 7;
        }
        throw MqttProtocolException.Malformed("Variable Byte Integer longer than 4 bytes");
    }
}
