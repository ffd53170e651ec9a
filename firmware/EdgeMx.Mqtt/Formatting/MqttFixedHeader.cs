using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting;

/// <summary>
/// The fixed header of a control packet (MQTT 5.0 §2.1.1):
/// <code>
///  bit    7  6  5  4   3  2  1  0
///  byte1 [packet type][   flags  ]
///  byte2.. Remaining Length (Variable Byte Integer, 1..4 bytes)
/// </code>
/// </summary>
/// <param name="FirstByte">Type and flags.</param>
/// <param name="RemainingLength">Bytes after the fixed header.</param>
/// <param name="HeaderLength">1 + the size of the Remaining Length field.</param>
public readonly record struct MqttFixedHeader(byte FirstByte, int RemainingLength, int HeaderLength)
{
    public MqttPacketType Type => (MqttPacketType)(FirstByte >> 4);
    public byte Flags => (byte)(FirstByte & 0x0F);
    public int PacketLength => HeaderLength + RemainingLength;
}
