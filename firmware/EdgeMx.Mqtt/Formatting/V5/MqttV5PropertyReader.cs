using System.Collections.Immutable;
using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting.V5;

/// <summary>
/// Reads a property block (MQTT 5.0 §2.2.2): Property Length (Variable Byte Integer), then identifier/value pairs.
/// Unknown identifiers and values out of range are Malformed or Protocol Errors as the spec says for each.
/// </summary>
public static class MqttV5PropertyReader
{
    public static MqttProperties Read(ref MqttPacketReader reader, MqttPropertyContext context)
    {
        var length = reader.ReadVariableByteInteger();
        if (length == 0) return MqttProperties.Empty;
        var block = reader.Slice(length, "property block");
        var p = new Builder();
        ulong seen = 0;
        while (!block.End)
        {
            var raw = block.ReadVariableByteInteger();
            if (raw > 0x7F || !Enum.IsDefined((MqttPropertyId)raw))
                throw MqttProtocolException.Malformed($"unknown property identifier 0x{raw:X2} in {context}");
            var id = (MqttPropertyId)raw;
            if (!MqttPropertyRules.IsAllowed(context, id))
                throw MqttProtocolException.Violation($"property {id} is not allowed in {context}");
            var bit = 1UL << raw;
            if ((seen & bit) != 0 && !MqttPropertyRules.MayRepeat(context, id))
                throw MqttProtocolException.Violation($"property {id} appears more than once in {context}");
            seen |= bit;
            ReadValue(ref block, id, p);
        }
        return p.Build();
    }

    private static void ReadValue(ref MqttPacketReader r, MqttPropertyId id, Builder p)
    {
        switch (id)
        {
            case MqttPropertyId.PayloadFormatIndicator: p.PayloadFormatIndicator = Flag(ref r, id); break;
            case MqttPropertyId.MessageExpiryInterval: p.MessageExpiryInterval = r.ReadUInt32(); break;
            case MqttPropertyId.ContentType: p.ContentType = r.ReadString(); break;
            case MqttPropertyId.ResponseTopic:
                p.ResponseTopic = r.ReadString();
                if (p.ResponseTopic.Length == 0 || !MqttTopic.IsValidName(p.ResponseTopic))
                    throw MqttProtocolException.Violation("Response Topic must be a topic name without wildcards [MQTT-3.3.2-14]");
                break;
            case MqttPropertyId.CorrelationData: p.CorrelationData = r.ReadBinary(); break;
            case MqttPropertyId.SubscriptionIdentifier:
                var subscriptionId = r.ReadVariableByteInteger();
                if (subscriptionId == 0) throw MqttProtocolException.Violation("Subscription Identifier 0 [MQTT-3.8.2.1.2]");
                p.SubscriptionIdentifiers.Add((uint)subscriptionId);
                break;
            case MqttPropertyId.SessionExpiryInterval: p.SessionExpiryInterval = r.ReadUInt32(); break;
            case MqttPropertyId.AssignedClientIdentifier: p.AssignedClientIdentifier = r.ReadString(); break;
            case MqttPropertyId.ServerKeepAlive: p.ServerKeepAlive = r.ReadUInt16(); break;
            case MqttPropertyId.AuthenticationMethod: p.AuthenticationMethod = r.ReadString(); break;
            case MqttPropertyId.AuthenticationData: p.AuthenticationData = r.ReadBinary(); break;
            case MqttPropertyId.RequestProblemInformation: p.RequestProblemInformation = Flag(ref r, id); break;
            case MqttPropertyId.WillDelayInterval: p.WillDelayInterval = r.ReadUInt32(); break;
            case MqttPropertyId.RequestResponseInformation: p.RequestResponseInformation = Flag(ref r, id); break;
            case MqttPropertyId.ResponseInformation: p.ResponseInformation = r.ReadString(); break;
            case MqttPropertyId.ServerReference: p.ServerReference = r.ReadString(); break;
            case MqttPropertyId.ReasonString: p.ReasonString = r.ReadString(); break;
            case MqttPropertyId.ReceiveMaximum:
                p.ReceiveMaximum = r.ReadUInt16();
                if (p.ReceiveMaximum == 0) throw MqttProtocolException.Violation("Receive Maximum 0 [MQTT-3.1.2-19]");
                break;
            case MqttPropertyId.TopicAliasMaximum: p.TopicAliasMaximum = r.ReadUInt16(); break;
            case MqttPropertyId.TopicAlias:
                p.TopicAlias = r.ReadUInt16();
                if (p.TopicAlias == 0) throw MqttProtocolException.Violation("Topic Alias 0 [MQTT-3.3.2-8]");
                break;
            case MqttPropertyId.MaximumQos: p.MaximumQos = Flag(ref r, id); break;
            case MqttPropertyId.RetainAvailable: p.RetainAvailable = Flag(ref r, id) == 1; break;
            case MqttPropertyId.UserProperty: p.UserProperties.Add(new MqttUserProperty(r.ReadString(), r.ReadString())); break;
            case MqttPropertyId.MaximumPacketSize:
                p.MaximumPacketSize = r.ReadUInt32();
                if (p.MaximumPacketSize == 0) throw MqttProtocolException.Violation("Maximum Packet Size 0 [MQTT-3.1.2-24]");
                break;
            case MqttPropertyId.WildcardSubscriptionAvailable: p.WildcardSubscriptionAvailable = Flag(ref r, id) == 1; break;
            case MqttPropertyId.SubscriptionIdentifierAvailable: p.SubscriptionIdentifierAvailable = Flag(ref r, id) == 1; break;
            case MqttPropertyId.SharedSubscriptionAvailable: p.SharedSubscriptionAvailable = Flag(ref r, id) == 1; break;
            default: throw MqttProtocolException.Malformed($"unhandled property {id}");
        }
    }

    // Every Byte-typed property is a 0/1 flag; anything else is a Protocol Error (e.g. [MQTT-3.3.2-... ], §3.2.2.3.4).
    private static byte Flag(ref MqttPacketReader r, MqttPropertyId id)
    {
        var value = r.ReadByte();
        if (value > 1) throw MqttProtocolException.Violation($"property {id} has value {value}; only 0 or 1 are allowed");
        return value;
    }

    private sealed class Builder
    {
        public byte? PayloadFormatIndicator;
        public uint? MessageExpiryInterval;
        public string? ContentType;
        public string? ResponseTopic;
        public byte[]? CorrelationData;
        public readonly ImmutableArray<uint>.Builder SubscriptionIdentifiers = ImmutableArray.CreateBuilder<uint>();
        public uint? SessionExpiryInterval;
        public string? AssignedClientIdentifier;
        public ushort? ServerKeepAlive;
        public string? AuthenticationMethod;
        public byte[]? AuthenticationData;
        public byte? RequestProblemInformation;
        public uint? WillDelayInterval;
        public byte? RequestResponseInformation;
        public string? ResponseInformation;
        public string? ServerReference;
        public string? ReasonString;
        public ushort? ReceiveMaximum;
        public ushort? TopicAliasMaximum;
        public ushort? TopicAlias;
        public byte? MaximumQos;
        public bool? RetainAvailable;
        public readonly ImmutableArray<MqttUserProperty>.Builder UserProperties = ImmutableArray.CreateBuilder<MqttUserProperty>();
        public uint? MaximumPacketSize;
        public bool? WildcardSubscriptionAvailable;
        public bool? SubscriptionIdentifierAvailable;
        public bool? SharedSubscriptionAvailable;

        public MqttProperties Build() => new()
        {
            PayloadFormatIndicator = PayloadFormatIndicator,
            MessageExpiryInterval = MessageExpiryInterval,
            ContentType = ContentType,
            ResponseTopic = ResponseTopic,
            CorrelationData = CorrelationData,
            SubscriptionIdentifiers = SubscriptionIdentifiers.ToImmutable(),
            SessionExpiryInterval = SessionExpiryInterval,
            AssignedClientIdentifier = AssignedClientIdentifier,
            ServerKeepAlive = ServerKeepAlive,
            AuthenticationMethod = AuthenticationMethod,
            AuthenticationData = AuthenticationData,
            RequestProblemInformation = RequestProblemInformation,
            WillDelayInterval = WillDelayInterval,
            RequestResponseInformation = RequestResponseInformation,
            ResponseInformation = ResponseInformation,
            ServerReference = ServerReference,
            ReasonString = ReasonString,
            ReceiveMaximum = ReceiveMaximum,
            TopicAliasMaximum = TopicAliasMaximum,
            TopicAlias = TopicAlias,
            MaximumQos = MaximumQos,
            RetainAvailable = RetainAvailable,
            UserProperties = UserProperties.ToImmutable(),
            MaximumPacketSize = MaximumPacketSize,
            WildcardSubscriptionAvailable = WildcardSubscriptionAvailable,
            SubscriptionIdentifierAvailable = SubscriptionIdentifierAvailable,
            SharedSubscriptionAvailable = SharedSubscriptionAvailable,
        };
    }
}
