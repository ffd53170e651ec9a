using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting.V5;

public sealed partial class MqttV5PacketFormatter
{
    // Connect Flags (MQTT 5.0 §3.1.2.3):
    //  bit 7 User Name | 6 Password | 5 Will Retain | 4-3 Will QoS | 2 Will Flag | 1 Clean Start | 0 reserved (0)
    private const byte UserNameFlag = 0x80, PasswordFlag = 0x40, WillRetainFlag = 0x20, WillFlag = 0x04, CleanFlag = 0x02;

    /// <summary>
    /// <code>
    /// 00 04 'M' 'Q' 'T' 'T' | 05 (level) | flags | keep alive (2) | properties
    /// client id | [will properties | will topic | will payload] | [user name] | [password]
    /// </code>
    /// </summary>
    private static void WriteConnect(ConnectPacket p, ref MqttPacketWriter w)
    {
        if (p.ProtocolVersion != MqttProtocolVersion.V500) throw new ArgumentException("CONNECT version differs from the formatter's");
        w.WriteString("MQTT");
        w.WriteByte((byte)MqttProtocolVersion.V500);
        byte flags = 0;
        if (p.UserName is not null) flags |= UserNameFlag;
        if (p.Password is not null) flags |= PasswordFlag;
        if (p.CleanStart) flags |= CleanFlag;
        if (p.Will is { } will)
        {
            if (will.Qos > MqttQos.ExactlyOnce) throw new ArgumentException("Will QoS out of range");
            if (will.Topic.Length == 0 || !MqttTopic.IsValidName(will.Topic)) throw new ArgumentException($"invalid Will topic '{will.Topic}'");
            flags |= (byte)(WillFlag | ((byte)will.Qos << 3) | (will.Retain ? WillRetainFlag : 0));
        }
        w.WriteByte(flags);
        w.WriteUInt16(p.KeepAliveSeconds);
        MqttV5PropertyWriter.Write(ref w, p.Properties, MqttPropertyContext.Connect);
        w.WriteString(p.ClientId);
        if (p.Will is { } wm)
        {
            MqttV5PropertyWriter.Write(ref w, wm.Properties, MqttPropertyContext.Will);
            w.WriteString(wm.Topic);
            w.WriteBinary(wm.Payload.Span);
        }
        if (p.UserName is { } user) w.WriteString(user);
        if (p.Password is { } password) w.WriteBinary(password);
    }

    private static ConnectPacket ReadConnect(ref MqttPacketReader r)
    {
        var name = r.ReadString();
        if (name != "MQTT") throw MqttProtocolException.Violation($"protocol name '{name}' (expected MQTT) [MQTT-3.1.2-1]");
        var level = r.ReadByte();
        if (level != (byte)MqttProtocolVersion.V500)
            throw new MqttProtocolException(MqttReasonCode.UnsupportedProtocolVersion, $"protocol level {level} on a 5.0 connection");
        var flags = r.ReadByte();
        if ((flags & 0x01) != 0) throw MqttProtocolException.Malformed("CONNECT reserved flag set [MQTT-3.1.2-3]");
        var willQos = (flags >> 3) & 0x03;
        var hasWill = (flags & WillFlag) != 0;
        if (!hasWill && (willQos != 0 || (flags & WillRetainFlag) != 0))
            throw MqttProtocolException.Malformed("Will QoS/Retain set without the Will flag [MQTT-3.1.2-11/13]");
        if (willQos == 3) throw MqttProtocolException.Malformed("Will QoS 3 [MQTT-3.1.2-12]");
        var keepAlive = r.ReadUInt16();
        var properties = MqttV5PropertyReader.Read(ref r, MqttPropertyContext.Connect);
        var clientId = r.ReadString();
        MqttWill? will = null;
        if (hasWill)
        {
            var willProperties = MqttV5PropertyReader.Read(ref r, MqttPropertyContext.Will);
            var topic = r.ReadString();
            if (topic.Length == 0 || !MqttTopic.IsValidName(topic)) throw MqttProtocolException.Violation($"invalid Will topic '{topic}'");
            will = new MqttWill
            {
                Topic = topic, Payload = r.ReadBinary(), Qos = (MqttQos)willQos,
                Retain = (flags & WillRetainFlag) != 0, Properties = willProperties,
            };
        }
        var userName = (flags & UserNameFlag) != 0 ? r.ReadString() : null;
        var password = (flags & PasswordFlag) != 0 ? r.ReadBinary() : null;
        return new ConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            ClientId = clientId,
            CleanStart = (flags & CleanFlag) != 0,
            KeepAliveSeconds = keepAlive,
            UserName = userName,
            Password = password,
            Will = will,
            Properties = properties,
        };
    }

    // CONNACK (§3.2): Connect Acknowledge Flags (bit 0 Session Present) | Reason Code | Properties.
    private static void WriteConnAck(ConnAckPacket p, ref MqttPacketWriter w)
    {
        if (p.SessionPresent && p.ReasonCode >= MqttReasonCode.UnspecifiedError)
            throw new ArgumentException("a refusing CONNACK cannot have Session Present [MQTT-3.2.2-6]");
        w.WriteByte(p.SessionPresent ? (byte)1 : (byte)0);
        MqttV5ReasonCodes.Write(ref w, p.Type, p.ReasonCode);
        MqttV5PropertyWriter.Write(ref w, p.Properties, MqttPropertyContext.ConnAck);
    }

    private static ConnAckPacket ReadConnAck(ref MqttPacketReader r)
    {
        var flags = r.ReadByte();
        if ((flags & 0xFE) != 0) throw MqttProtocolException.Malformed("CONNACK reserved flags set [MQTT-3.2.2-1]");
        var code = MqttV5ReasonCodes.Read(ref r, MqttPacketType.ConnAck);
        if (code >= MqttReasonCode.UnspecifiedError && flags != 0)
            throw MqttProtocolException.Violation("CONNACK refusal with Session Present set [MQTT-3.2.2-6]");
        var properties = MqttV5PropertyReader.Read(ref r, MqttPropertyContext.ConnAck);
        return new ConnAckPacket { SessionPresent = flags == 1, ReasonCode = code, Properties = properties };
    }
}
