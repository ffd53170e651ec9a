namespace EdgeMx.Mqtt.Formatting.V5;

/// <summary>
/// Which properties each packet may carry — the "used in" column of the MQTT 5.0 §2.2.2.2 table. A property
/// outside its packet, or a second copy of one that may appear once, is a Protocol Error (§2.2.2.2).
/// </summary>
public static class MqttPropertyRules
{
    private static readonly ulong[] Allowed = Build();

    public static bool IsAllowed(MqttPropertyContext context, MqttPropertyId id) =>
        (Allowed[(int)context] & (1UL << (int)id)) != 0;

    /// <summary>User Property may always repeat; Subscription Identifier may repeat in a PUBLISH from the server.</summary>
    public static bool MayRepeat(MqttPropertyContext context, MqttPropertyId id) =>
        id == MqttPropertyId.UserProperty ||
        (id == MqttPropertyId.SubscriptionIdentifier && context == MqttPropertyContext.Publish);

    private static ulong[] Build()
    {
        var table = new ulong[Enum.GetValues<MqttPropertyContext>().Length];
        void Allow(MqttPropertyContext c, params MqttPropertyId[] ids)
        {
            foreach (var id in ids) table[(int)c] |= 1UL << (int)id;
        }

        const MqttPropertyId user = MqttPropertyId.UserProperty, reason = MqttPropertyId.ReasonString;
        Allow(MqttPropertyContext.Connect, MqttPropertyId.SessionExpiryInterval, MqttPropertyId.ReceiveMaximum,
            MqttPropertyId.MaximumPacketSize, MqttPropertyId.TopicAliasMaximum, MqttPropertyId.RequestResponseInformation,
            MqttPropertyId.RequestProblemInformation, user, MqttPropertyId.AuthenticationMethod,
            MqttPropertyId.AuthenticationData);
        Allow(MqttPropertyContext.Will, MqttPropertyId.WillDelayInterval, MqttPropertyId.PayloadFormatIndicator,
            MqttPropertyId.MessageExpiryInterval, MqttPropertyId.ContentType, MqttPropertyId.ResponseTopic,
            MqttPropertyId.CorrelationData, user);
        Allow(MqttPropertyContext.ConnAck, MqttPropertyId.SessionExpiryInterval, MqttPropertyId.ReceiveMaximum,
            MqttPropertyId.MaximumQos, MqttPropertyId.RetainAvailable, MqttPropertyId.MaximumPacketSize,
            MqttPropertyId.AssignedClientIdentifier, MqttPropertyId.TopicAliasMaximum, reason, user,
            MqttPropertyId.WildcardSubscriptionAvailable, MqttPropertyId.SubscriptionIdentifierAvailable,
            MqttPropertyId.SharedSubscriptionAvailable, MqttPropertyId.ServerKeepAlive,
            MqttPropertyId.ResponseInformation, MqttPropertyId.ServerReference, MqttPropertyId.AuthenticationMethod,
            MqttPropertyId.AuthenticationData);
        Allow(MqttPropertyContext.Publish, MqttPropertyId.PayloadFormatIndicator, MqttPropertyId.MessageExpiryInterval,
            MqttPropertyId.TopicAlias, MqttPropertyId.ResponseTopic, MqttPropertyId.CorrelationData, user,
            MqttPropertyId.SubscriptionIdentifier, MqttPropertyId.ContentType);
        Allow(MqttPropertyContext.Acknowledgement, reason, user);
        Allow(MqttPropertyContext.Subscribe, MqttPropertyId.SubscriptionIdentifier, user);
        Allow(MqttPropertyContext.SubAck, reason, user);
        Allow(MqttPropertyContext.Unsubscribe, user);
        Allow(MqttPropertyContext.UnsubAck, reason, user);
        Allow(MqttPropertyContext.Disconnect, MqttPropertyId.SessionExpiryInterval, reason, user,
            MqttPropertyId.ServerReference);
        Allow(MqttPropertyContext.Auth, MqttPropertyId.AuthenticationMethod, MqttPropertyId.AuthenticationData,
            reason, user);
        return table;
    }
}
