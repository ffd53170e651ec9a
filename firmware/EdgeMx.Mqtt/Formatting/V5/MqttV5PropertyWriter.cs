using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting.V5;

/// <summary>
/// Writes a property block (MQTT 5.0 §2.2.2): the Property Length, then each present property in identifier
/// order. A property the packet may not carry is the caller's bug and throws <see cref="ArgumentException"/>.
/// </summary>
public static class MqttV5PropertyWriter
{
    public static void Write(ref MqttPacketWriter writer, MqttProperties properties, MqttPropertyContext context)
    {
        if (properties.IsEmpty)
        {
            writer.WriteVariableByteInteger(0);
            return;
        }
        var measure = MqttPacketWriter.Measure();
        WriteList(ref measure, properties, context);
        writer.WriteVariableByteInteger(measure.Written);
        WriteList(ref writer, properties, context);
    }

    private static void WriteList(ref MqttPacketWriter w, MqttProperties p, MqttPropertyContext c)
    {
        if (p.PayloadFormatIndicator is { } pfi) Byte(ref w, c, MqttPropertyId.PayloadFormatIndicator, Flag(pfi));
        if (p.MessageExpiryInterval is { } mei) UInt32(ref w, c, MqttPropertyId.MessageExpiryInterval, mei);
        if (p.ContentType is { } ct) String(ref w, c, MqttPropertyId.ContentType, ct);
        if (p.ResponseTopic is { } rt)
        {
            if (rt.Length == 0 || !MqttTopic.IsValidName(rt)) throw new ArgumentException($"invalid Response Topic '{rt}'");
            String(ref w, c, MqttPropertyId.ResponseTopic, rt);
        }
        if (p.CorrelationData is { } cd) Binary(ref w, c, MqttPropertyId.CorrelationData, cd);
        if (!p.SubscriptionIdentifiers.IsDefaultOrEmpty)
        {
            if (p.SubscriptionIdentifiers.Length > 1 && !MqttPropertyRules.MayRepeat(c, MqttPropertyId.SubscriptionIdentifier))
                throw new ArgumentException($"only one Subscription Identifier is allowed in {c}");
            foreach (var id in p.SubscriptionIdentifiers)
            {
                if (id is 0 or > VariableByteInteger.MaxValue) throw new ArgumentException($"Subscription Identifier {id} out of range");
                Id(ref w, c, MqttPropertyId.SubscriptionIdentifier);
                w.WriteVariableByteInteger((int)id);
            }
        }
        if (p.SessionExpiryInterval is { } sei) UInt32(ref w, c, MqttPropertyId.SessionExpiryInterval, sei);
        if (p.AssignedClientIdentifier is { } aci) String(ref w, c, MqttPropertyId.AssignedClientIdentifier, aci);
        if (p.ServerKeepAlive is { } ska) UInt16(ref w, c, MqttPropertyId.ServerKeepAlive, ska);
        if (p.AuthenticationMethod is { } am) String(ref w, c, MqttPropertyId.AuthenticationMethod, am);
        if (p.AuthenticationData is { } ad) Binary(ref w, c, MqttPropertyId.AuthenticationData, ad);
        if (p.RequestProblemInformation is { } rpi) Byte(ref w, c, MqttPropertyId.RequestProblemInformation, Flag(rpi));
        if (p.WillDelayInterval is { } wdi) UInt32(ref w, c, MqttPropertyId.WillDelayInterval, wdi);
        if (p.RequestResponseInformation is { } rri) Byte(ref w, c, MqttPropertyId.RequestResponseInformation, Flag(rri));
        if (p.ResponseInformation is { } ri) String(ref w, c, MqttPropertyId.ResponseInformation, ri);
        if (p.ServerReference is { } sr) String(ref w, c, MqttPropertyId.ServerReference, sr);
        if (p.ReasonString is { } rs) String(ref w, c, MqttPropertyId.ReasonString, rs);
        if (p.ReceiveMaximum is { } rm) UInt16(ref w, c, MqttPropertyId.ReceiveMaximum, rm == 0 ? throw new ArgumentException("Receive Maximum 0") : rm);
        if (p.TopicAliasMaximum is { } tam) UInt16(ref w, c, MqttPropertyId.TopicAliasMaximum, tam);
        if (p.TopicAlias is { } ta) UInt16(ref w, c, MqttPropertyId.TopicAlias, ta == 0 ? throw new ArgumentException("Topic Alias 0") : ta);
        if (p.MaximumQos is { } mq) Byte(ref w, c, MqttPropertyId.MaximumQos, Flag(mq));
        if (p.RetainAvailable is { } ra) Byte(ref w, c, MqttPropertyId.RetainAvailable, ra ? (byte)1 : (byte)0);
        if (!p.UserProperties.IsDefaultOrEmpty)
        {
            foreach (var up in p.UserProperties)
            {
                Id(ref w, c, MqttPropertyId.UserProperty);
                w.WriteString(up.Name);
                w.WriteString(up.Value);
            }
        }
        if (p.MaximumPacketSize is { } mps) UInt32(ref w, c, MqttPropertyId.MaximumPacketSize, mps == 0 ? throw new ArgumentException("Maximum Packet Size 0") : mps);
        if (p.WildcardSubscriptionAvailable is { } wsa) Byte(ref w, c, MqttPropertyId.WildcardSubscriptionAvailable, wsa ? (byte)1 : (byte)0);
        if (p.SubscriptionIdentifierAvailable is { } sia) Byte(ref w, c, MqttPropertyId.SubscriptionIdentifierAvailable, sia ? (byte)1 : (byte)0);
        if (p.SharedSubscriptionAvailable is { } ssa) Byte(ref w, c, MqttPropertyId.SharedSubscriptionAvailable, ssa ? (byte)1 : (byte)0);
    }

    private static byte Flag(byte value) => value <= 1 ? value : throw new ArgumentException($"flag property value {value}; only 0 or 1");

    private static void Id(ref MqttPacketWriter w, MqttPropertyContext c, MqttPropertyId id)
    {
        if (!MqttPropertyRules.IsAllowed(c, id)) throw new ArgumentException($"property {id} is not allowed in {c}");
        w.WriteByte((byte)id); // every identifier is below 128: a one-byte Variable Byte Integer
    }

    private static void Byte(ref MqttPacketWriter w, MqttPropertyContext c, MqttPropertyId id, byte v) { Id(ref w, c, id); w.WriteByte(v); }
    private static void UInt16(ref MqttPacketWriter w, MqttPropertyContext c, MqttPropertyId id, ushort v) { Id(ref w, c, id); w.WriteUInt16(v); }
    private static void UInt32(ref MqttPacketWriter w, MqttPropertyContext c, MqttPropertyId id, uint v) { Id(ref w, c, id); w.WriteUInt32(v); }
    private static void String(ref MqttPacketWriter w, MqttPropertyContext c, MqttPropertyId id, string v) { Id(ref w, c, id); w.WriteString(v); }
    private static void Binary(ref MqttPacketWriter w, MqttPropertyContext c, MqttPropertyId id, byte[] v) { Id(ref w, c, id); w.WriteBinary(v); }
}
