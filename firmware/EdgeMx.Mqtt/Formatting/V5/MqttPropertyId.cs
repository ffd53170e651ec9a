namespace EdgeMx.Mqtt.Formatting.V5;

/// <summary>MQTT 5.0 property identifiers (§2.2.2.2), each with its wire type in the comment.</summary>
public enum MqttPropertyId : byte
{
    PayloadFormatIndicator = 0x01,          // Byte
    MessageExpiryInterval = 0x02,           // Four Byte Integer
    ContentType = 0x03,                     // UTF-8 string
    ResponseTopic = 0x08,                   // UTF-8 string
    CorrelationData = 0x09,                 // Binary Data
    SubscriptionIdentifier = 0x0B,          // Variable Byte Integer
    SessionExpiryInterval = 0x11,           // Four Byte Integer
    AssignedClientIdentifier = 0x12,        // UTF-8 string
    ServerKeepAlive = 0x13,                 // Two Byte Integer
    AuthenticationMethod = 0x15,            // UTF-8 string
    AuthenticationData = 0x16,              // Binary Data
    RequestProblemInformation = 0x17,       // Byte
    WillDelayInterval = 0x18,               // Four Byte Integer
    RequestResponseInformation = 0x19,      // Byte
    ResponseInformation = 0x1A,             // UTF-8 string
    ServerReference = 0x1C,                 // UTF-8 string
    ReasonString = 0x1F,                    // UTF-8 string
    ReceiveMaximum = 0x21,                  // Two Byte Integer
    TopicAliasMaximum = 0x22,               // Two Byte Integer
    TopicAlias = 0x23,                      // Two Byte Integer
    MaximumQos = 0x24,                      // Byte
    RetainAvailable = 0x25,                 // Byte
    UserProperty = 0x26,                    // UTF-8 string pair
    MaximumPacketSize = 0x27,               // Four Byte Integer
    WildcardSubscriptionAvailable = 0x28,   // Byte
    SubscriptionIdentifierAvailable = 0x29, // Byte
    SharedSubscriptionAvailable = 0x2A,     // Byte
}
