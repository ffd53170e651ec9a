using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting;

/// <summary>
/// Delimits packets in a byte stream. The size limit is enforced from the fixed header alone, before the body is
/// buffered, so a peer announcing a 256 MB packet costs us five bytes, not 256 MB (MQTT 5.0 §3.1.2.11.4 Maximum
/// Packet Size; the same limit protects 3.1.1 connections).
/// </summary>
public static class MqttFrameReader
{
    /// <summary>
    /// Reads the fixed header at the start of <paramref name="buffer"/>. Returns false while the header is
    /// incomplete; throws <see cref="MqttProtocolException"/> for a malformed Remaining Length or a packet longer
    /// than <paramref name="maximumPacketSize"/> (total bytes, fixed header included). Consumes nothing.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> buffer, int maximumPacketSize, out MqttFixedHeader header)
    {
        header = default;
        if (buffer.IsEmpty) return false;
        if (!VariableByteInteger.TryRead(buffer[1..], out var remaining, out var size)) return false;
        header = new MqttFixedHeader(buffer[0], remaining, 1 + size);
        if ((long)header.HeaderLength + remaining > maximumPacketSize)
            throw new MqttProtocolException(MqttReasonCode.PacketTooLarge,
                $"{header.Type} of {header.HeaderLength + remaining} bytes exceeds the maximum packet size {maximumPacketSize}");
        return true;
    }
}
