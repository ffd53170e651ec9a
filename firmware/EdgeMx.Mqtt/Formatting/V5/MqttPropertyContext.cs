namespace EdgeMx.Mqtt.Formatting.V5;

/// <summary>Where a property block sits: decides which properties are allowed (MQTT 5.0 §2.2.2.2).</summary>
public enum MqttPropertyContext
{
    Connect,
    Will,
    ConnAck,
    Publish,

    /// <summary>PUBACK, PUBREC, PUBREL, PUBCOMP.</summary>
    Acknowledgement,
    Subscribe,
    SubAck,
    Unsubscribe,
    UnsubAck,
    Disconnect,
    Auth,
}
