using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting.V5;

/// <summary>Which reason codes each MQTT 5.0 packet may carry (§2.4 table and each packet's reason-code list).
/// Anything else on the wire is Malformed.</summary>
public static class MqttV5ReasonCodes
{
    private static readonly HashSet<byte> ConnAck = Set(0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
        0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F);
    private static readonly HashSet<byte> PubAckOrRec = Set(0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99);
    private static readonly HashSet<byte> PubRelOrComp = Set(0x00, 0x92);
    private static readonly HashSet<byte> SubAck = Set(0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2);
    private static readonly HashSet<byte> UnsubAck = Set(0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91);
    private static readonly HashSet<byte> Disconnect = Set(0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E,
        0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2);
    private static readonly HashSet<byte> Auth = Set(0x00, 0x18, 0x19);

    public static bool IsAllowed(MqttPacketType packet, MqttReasonCode code) => packet switch
    {
        MqttPacketType.ConnAck => ConnAck.Contains((byte)code),
        MqttPacketType.PubAck or MqttPacketType.PubRec => PubAckOrRec.Contains((byte)code),
        MqttPacketType.PubRel or MqttPacketType.PubComp => PubRelOrComp.Contains((byte)code),
        MqttPacketType.SubAck => SubAck.Contains((byte)code),
        MqttPacketType.UnsubAck => UnsubAck.Contains((byte)code),
        MqttPacketType.Disconnect => Disconnect.Contains((byte)code),
        MqttPacketType.Auth => Auth.Contains((byte)code),
        _ => false,
    };

    internal static MqttReasonCode Read(ref MqttPacketReader reader, MqttPacketType packet)
    {
        var code = (MqttReasonCode)reader.ReadByte();
        if (!IsAllowed(packet, code)) throw MqttProtocolException.Malformed($"reason code 0x{(byte)code:X2} is not valid in {packet}");
        return code;
    }

    internal static void Write(ref MqttPacketWriter writer, MqttPacketType packet, MqttReasonCode code)
    {
        if (!IsAllowed(packet, code)) throw new ArgumentException($"reason code {code} is not valid in {packet}");
        writer.WriteByte((byte)code);
    }

    private static HashSet<byte> Set(params byte[] codes) => [.. codes];
}
