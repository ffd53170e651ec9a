using System.Collections.Immutable;
using System.Text;
using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Tests.Formatting;

/// <summary>At least one packet of every type for each version, with every field the version can carry.</summary>
public static class PacketSamples
{
    public static IEnumerable<MqttPacket> V311()
    {
        yield return new ConnectPacket { ProtocolVersion = MqttProtocolVersion.V311, ClientId = "", CleanStart = true, KeepAliveSeconds = 60 };
        yield return new ConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V311, ClientId = "edgemx-br01", CleanStart = false, KeepAliveSeconds = 30,
            UserName = "appliance", Password = "s3cret"u8.ToArray(),
            Will = new MqttWill { Topic = "edgemx/br01/availability", Payload = "offline"u8.ToArray(), Qos = MqttQos.AtLeastOnce, Retain = true },
        };
        yield return new ConnAckPacket { SessionPresent = true, ReasonCode = MqttReasonCode.Success };
        yield return new ConnAckPacket { ReasonCode = MqttReasonCode.BadUserNameOrPassword };
        yield return new ConnAckPacket { ReasonCode = MqttReasonCode.NotAuthorized };
        yield return new PublishPacket { Topic = "a/b", Payload = "hello"u8.ToArray() };
        yield return new PublishPacket { Topic = "edgemx/br01/events", Qos = MqttQos.AtLeastOnce, PacketId = 7, Dup = true, Retain = true, Payload = new byte[300] };
        yield return new PublishPacket { Topic = "ü/日本", Qos = MqttQos.ExactlyOnce, PacketId = 65535, Payload = ReadOnlyMemory<byte>.Empty };
        yield return new PubAckPacket { PacketId = 1 };
        yield return new PubRecPacket { PacketId = 2 };
        yield return new PubRelPacket { PacketId = 3 };
        yield return new PubCompPacket { PacketId = 4 };
        yield return new SubscribePacket
        {
            PacketId = 10,
            Subscriptions = [new MqttSubscription { TopicFilter = "edgemx/+/cmd/#", MaximumQos = MqttQos.AtLeastOnce },
                             new MqttSubscription { TopicFilter = "homeassistant/status" }],
        };
        yield return new SubAckPacket { PacketId = 10, ReasonCodes = [MqttReasonCode.GrantedQos1, MqttReasonCode.Success, MqttReasonCode.GrantedQos2, MqttReasonCode.UnspecifiedError] };
        yield return new UnsubscribePacket { PacketId = 11, TopicFilters = ["a/#", "b/+/c"] };
        yield return new UnsubAckPacket { PacketId = 11 };
        yield return PingReqPacket.Instance;
        yield return PingRespPacket.Instance;
        yield return new DisconnectPacket();
    }

    public static IEnumerable<MqttPacket> V5()
    {
        var user = ImmutableArray.Create(new MqttUserProperty("site", "branch-17"), new MqttUserProperty("site", "twice"));
        yield return new ConnectPacket { ClientId = "", KeepAliveSeconds = 0 };
        yield return new ConnectPacket
        {
            ClientId = "edgemx-br01", CleanStart = false, KeepAliveSeconds = 30, Password = "no-user-is-fine-in-v5"u8.ToArray(),
            Properties = new MqttProperties
            {
                SessionExpiryInterval = 3600, ReceiveMaximum = 20, MaximumPacketSize = 1 << 20, TopicAliasMaximum = 0,
                RequestResponseInformation = 1, RequestProblemInformation = 0, UserProperties = user,
                AuthenticationMethod = "SCRAM-SHA-1", AuthenticationData = [1, 2, 3],
            },
            Will = new MqttWill
            {
                Topic = "edgemx/br01/availability", Payload = "offline"u8.ToArray(), Qos = MqttQos.AtLeastOnce, Retain = true,
                Properties = new MqttProperties
                {
                    WillDelayInterval = 5, PayloadFormatIndicator = 1, MessageExpiryInterval = 86400, ContentType = "text/plain",
                    ResponseTopic = "r/t", CorrelationData = [9, 9], UserProperties = user,
                },
            },
        };
        yield return new ConnectPacket { ClientId = "u", UserName = "appliance", Password = [0, 255] };
        yield return new ConnAckPacket
        {
            SessionPresent = true,
            Properties = new MqttProperties
            {
                SessionExpiryInterval = 120, ReceiveMaximum = 10, MaximumQos = 1, RetainAvailable = true, MaximumPacketSize = 65536,
                AssignedClientIdentifier = "auto-1", TopicAliasMaximum = 10, ReasonString = "ok", UserProperties = user,
                WildcardSubscriptionAvailable = true, SubscriptionIdentifierAvailable = false, SharedSubscriptionAvailable = true,
                ServerKeepAlive = 20, ResponseInformation = "resp/", ServerReference = "other:1883",
                AuthenticationMethod = "m", AuthenticationData = [7],
            },
        };
        yield return new ConnAckPacket { ReasonCode = MqttReasonCode.QuotaExceeded };
        yield return new PublishPacket { Topic = "a/b", Payload = "hello"u8.ToArray() };
        yield return new PublishPacket
        {
            Topic = "edgemx/br01/events", Qos = MqttQos.AtLeastOnce, PacketId = 7, Dup = true, Retain = true, Payload = new byte[200],
            Properties = new MqttProperties
            {
                PayloadFormatIndicator = 1, MessageExpiryInterval = 60, TopicAlias = 3, ResponseTopic = "reply/here",
                CorrelationData = Encoding.UTF8.GetBytes("corr"), UserProperties = user, SubscriptionIdentifiers = [1, 268_435_455],
                ContentType = "application/json",
            },
        };
        yield return new PublishPacket { Topic = "", Qos = MqttQos.ExactlyOnce, PacketId = 1, Properties = new MqttProperties { TopicAlias = 3 } };
        foreach (var ack in Acks()) yield return ack;
        yield return new SubscribePacket
        {
            PacketId = 10,
            Properties = new MqttProperties { SubscriptionIdentifiers = [42], UserProperties = user },
            Subscriptions =
            [
                new MqttSubscription { TopicFilter = "edgemx/+/cmd/#", MaximumQos = MqttQos.AtLeastOnce, NoLocal = true },
                new MqttSubscription { TopicFilter = "homeassistant/status", RetainAsPublished = true, RetainHandling = MqttRetainHandling.DoNotSend, MaximumQos = MqttQos.ExactlyOnce },
                new MqttSubscription { TopicFilter = "#", RetainHandling = MqttRetainHandling.SendAtSubscribeIfNew },
            ],
        };
        yield return new SubAckPacket { PacketId = 10, ReasonCodes = [MqttReasonCode.GrantedQos1, MqttReasonCode.NotAuthorized, MqttReasonCode.WildcardSubscriptionsNotSupported] };
        yield return new SubAckPacket { PacketId = 10, ReasonCodes = [MqttReasonCode.Success], Properties = new MqttProperties { ReasonString = "r", UserProperties = user } };
        yield return new UnsubscribePacket { PacketId = 11, TopicFilters = ["a/#", "b/+/c"], Properties = new MqttProperties { UserProperties = user } };
        yield return new UnsubAckPacket { PacketId = 11, ReasonCodes = [MqttReasonCode.Success, MqttReasonCode.NoSubscriptionExisted], Properties = new MqttProperties { ReasonString = "x" } };
        yield return PingReqPacket.Instance;
        yield return PingRespPacket.Instance;
        yield return new DisconnectPacket();
        yield return new DisconnectPacket { ReasonCode = MqttReasonCode.DisconnectWithWillMessage };
        yield return new DisconnectPacket
        {
            ReasonCode = MqttReasonCode.ServerMoved,
            Properties = new MqttProperties { SessionExpiryInterval = 0, ReasonString = "moving", ServerReference = "b2:1883", UserProperties = user },
        };
        yield return new AuthPacket();
        yield return new AuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication };
        yield return new AuthPacket
        {
            ReasonCode = MqttReasonCode.ReAuthenticate,
            Properties = new MqttProperties { AuthenticationMethod = "SCRAM-SHA-1", AuthenticationData = [1, 2], ReasonString = "again", UserProperties = user },
        };

        static IEnumerable<MqttPacket> Acks()
        {
            var props = new MqttProperties { ReasonString = "why", UserProperties = [new MqttUserProperty("k", "v")] };
            yield return new PubAckPacket { PacketId = 1 };
            yield return new PubAckPacket { PacketId = 1, ReasonCode = MqttReasonCode.NoMatchingSubscribers };
            yield return new PubAckPacket { PacketId = 1, ReasonCode = MqttReasonCode.QuotaExceeded, Properties = props };
            yield return new PubRecPacket { PacketId = 2 };
            yield return new PubRecPacket { PacketId = 2, ReasonCode = MqttReasonCode.PacketIdentifierInUse, Properties = props };
            yield return new PubRelPacket { PacketId = 3 };
            yield return new PubRelPacket { PacketId = 3, ReasonCode = MqttReasonCode.PacketIdentifierNotFound };
            yield return new PubCompPacket { PacketId = 4 };
            yield return new PubCompPacket { PacketId = 4, Properties = props };
        }
    }

    public static IEnumerable<object[]> All() =>
        V311().Select((p, i) => new object[] { MqttProtocolVersion.V311, new Sample(p, i) })
            .Concat(V5().Select((p, i) => new object[] { MqttProtocolVersion.V500, new Sample(p, i) }));

    /// <summary>Wraps a packet so xunit shows a readable case name.</summary>
    public sealed record Sample(MqttPacket Packet, int Index)
    {
        public override string ToString() => $"{Packet.Type} #{Index}";
    }
}
