using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting.V311;

public sealed partial class MqttV311PacketFormatter
{
    // Connect Flags (MQTT 3.1.1 §3.1.2.3):
    //  bit 7 User Name | 6 Password | 5 Will Retain | 4-3 Will QoS | 2 Will Flag | 1 Clean Session | 0 reserved (0)
    private const byte UserNameFlag = 0x80, PasswordFlag = 0x40, WillRetainFlag = 0x20, WillFlag = 0x04, CleanFlag = 0x02;

    /// <summary>
    /// <code>
    /// 00 04 'M' 'Q' 'T' 'T' | 04 (level) | flags | keep alive (2)
    /// client id | [will topic | will message] | [user name] | [password]
    /// </code>
    /// </summary>
    private static void WriteConnect(ConnectPacket p, ref MqttPacketWriter w)
    {
        if (p.ProtocolVersion != MqttProtocolVersion.V311) throw new ArgumentException("CONNECT version differs from the formatter's");
        if (!p.Properties.IsEmpty || (p.Will is { } wl && !wl.Properties.IsEmpty)) throw new ArgumentException("CONNECT properties need MQTT 5");
        if (p.Password is not null && p.UserName is null) throw new ArgumentException("MQTT 3.1.1 needs a user name with a password [MQTT-3.1.2-22]");
        if (p.ClientId.Length == 0 && !p.CleanStart) throw new ArgumentException("an empty client id needs a clean session [MQTT-3.1.3-7]");
        w.WriteString("MQTT");
        w.WriteByte((byte)MqttProtocolVersion.V311);
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
        w.WriteString(p.ClientId);
        if (p.Will is { } wm)
        {
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
        if (level != (byte)MqttProtocolVersion.V311)
            throw new MqttProtocolException(MqttReasonCode.UnsupportedProtocolVersion, $"protocol level {level} on a 3.1.1 connection");
        var flags = r.ReadByte();
        if ((flags & 0x01) != 0) throw MqttProtocolException.Malformed("CONNECT reserved flag set [MQTT-3.1.2-3]");
        var willQos = (flags >> 3) & 0x03;
        var hasWill = (flags & WillFlag) != 0;
        if (!hasWill && (willQos != 0 || (flags & WillRetainFlag) != 0))
            throw MqttProtocolException.Malformed("Will QoS/Retain set without the Will flag [MQTT-3.1.2-13/15]");
        if (willQos == 3) throw MqttProtocolException.Malformed("Will QoS 3 [MQTT-3.1.2-14]");
        if ((flags & PasswordFlag) != 0 && (flags & UserNameFlag) == 0)
            throw MqttProtocolException.Malformed("password without a user name [MQTT-3.1.2-22]");
        var keepAlive = r.ReadUInt16();
        var clientId = r.ReadString();
        MqttWill? will = null;
        if (hasWill)
        {
            var topic = r.ReadString();
            if (topic.Length == 0 || !MqttTopic.IsValidName(topic)) throw MqttProtocolException.Violation($"invalid Will topic '{topic}'");
            will = new MqttWill { Topic = topic, Payload = r.ReadBinary(), Qos = (MqttQos)willQos, Retain = (flags & WillRetainFlag) != 0 };
        }
        var userName = (flags & UserNameFlag) != 0 ? r.ReadString() : null;
        var password = (flags & PasswordFlag) != 0 ? r.ReadBinary() : null;
        return new ConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V311,
            ClientId = clientId,
            CleanStart = (flags & CleanFlag) != 0,
            KeepAliveSeconds = keepAlive,
            UserName = userName,
            Password = password,
            Will = will,
        };
    }

    // CONNACK (§3.2): Connect Acknowledge Flags (bit 0 Session Present, 7-1 reserved) | Connect Return code.
    private static void WriteConnAck(ConnAckPacket p, ref MqttPacketWriter w)
    {
        if (!p.Properties.IsEmpty) throw new ArgumentException("CONNACK properties need MQTT 5");
        w.WriteByte(p.SessionPresent ? (byte)1 : (byte)0);
        w.WriteByte(p.ReasonCode switch
        {
            MqttReasonCode.Success => 0,
            MqttReasonCode.UnsupportedProtocolVersion => 1,
            MqttReasonCode.ClientIdentifierNotValid => 2,
            MqttReasonCode.ServerUnavailable => 3,
            MqttReasonCode.BadUserNameOrPassword => 4,
            MqttReasonCode.NotAuthorized => 5,
            _ => throw new ArgumentException($"CONNACK reason {p.ReasonCode} has no MQTT 3.1.1 return code"),
        });
    }

    private static ConnAckPacket ReadConnAck(ref MqttPacketReader r)
    {
        var flags = r.ReadByte();
        if ((flags & 0xFE) != 0) throw MqttProtocolException.Malformed("CONNACK reserved flags set [MQTT-3.2.2-1]");
        var code = r.ReadByte() switch
        {
            0 => MqttReasonCode.Success,
            1 => MqttReasonCode.UnsupportedProtocolVersion,
            2 => MqttReasonCode.ClientIdentifierNotValid,
            3 => MqttReasonCode.ServerUnavailable,
            4 => MqttReasonCode.BadUserNameOrPassword,
            5 => MqttReasonCode.NotAuthorized,
            var other => throw MqttProtocolException.Malformed($"CONNACK return code {other} is reserved"),
        };
        if (code != MqttReasonCode.Success && flags != 0)
            throw MqttProtocolException.Violation("CONNACK refusal with Session Present set [MQTT-3.2.2-4]");
        return new ConnAckPacket { SessionPresent = flags == 1, ReasonCode = code };
    }
}
