using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using EdgeMx.Mqtt.Formatting.V311;
using EdgeMx.Mqtt.Formatting.V5;
using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting;

/// <summary>
/// One connection's codec: picks the 3.1.1 or 5.0 formatter, frames packets out of the receive buffer and enforces
/// both maximum packet sizes — ours for what we read, the broker's (CONNACK Maximum Packet Size) for what we send.
/// </summary>
public sealed class MqttPacketFormatterAdapter
{
    /// <summary>Largest packet MQTT can express (Remaining Length 268,435,455 + 5 header bytes).</summary>
    public const int ProtocolMaximumPacketSize = VariableByteInteger.MaxValue + 1 + VariableByteInteger.MaxSize;

    public MqttPacketFormatterAdapter(MqttProtocolVersion version, int maximumIncomingPacketSize)
    {
        if (maximumIncomingPacketSize < 2) throw new ArgumentOutOfRangeException(nameof(maximumIncomingPacketSize));
        Formatter = Create(version);
        MaximumIncomingPacketSize = maximumIncomingPacketSize;
    }

    public static MqttPacketFormatter Create(MqttProtocolVersion version) => version switch
    {
        MqttProtocolVersion.V311 => new MqttV311PacketFormatter(),
        MqttProtocolVersion.V500 => new MqttV5PacketFormatter(),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "only MQTT 3.1.1 and 5.0 are supported"),
    };

    public MqttPacketFormatter Formatter { get; }
    public MqttProtocolVersion Version => Formatter.Version;
    public int MaximumIncomingPacketSize { get; }

    /// <summary>What the broker accepts (v5 CONNACK Maximum Packet Size); unlimited until it says.</summary>
    public int MaximumOutgoingPacketSize { get; set; } = ProtocolMaximumPacketSize;

    public int Measure(MqttPacket packet) => Formatter.Measure(packet);

    /// <summary>Whether the broker would accept <paramref name="packet"/> by size; a client must not send a larger
    /// one [MQTT-3.1.2-24].</summary>
    public bool FitsOutgoing(MqttPacket packet) => Formatter.Measure(packet) <= MaximumOutgoingPacketSize;

    /// <summary>Encodes into <paramref name="output"/> with one span request and no intermediate buffer.</summary>
    public int Write(MqttPacket packet, IBufferWriter<byte> output)
    {
        var size = Formatter.Measure(packet);
        if (size > MaximumOutgoingPacketSize)
            throw new ArgumentException($"{packet.Type} of {size} bytes exceeds the broker's maximum packet size {MaximumOutgoingPacketSize}");
        var written = Formatter.Write(packet, output.GetSpan(size)[..size]);
        output.Advance(written);
        return written;
    }

    /// <summary>
    /// Decodes the first complete packet in <paramref name="buffer"/>. Returns false (consumed 0) while it is
    /// incomplete; throws <see cref="MqttProtocolException"/> for a malformed or oversized one.
    /// </summary>
    public bool TryRead(ReadOnlySpan<byte> buffer, [NotNullWhen(true)] out MqttPacket? packet, out int consumed)
    {
        packet = null;
        consumed = 0;
        if (!MqttFrameReader.TryReadHeader(buffer, MaximumIncomingPacketSize, out var header)) return false;
        if (buffer.Length < header.PacketLength) return false;
        packet = Formatter.Read(header, buffer.Slice(header.HeaderLength, header.RemainingLength));
        consumed = header.PacketLength;
        return true;
    }
}
