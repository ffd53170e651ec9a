namespace EdgeMx.Mqtt.Client;

public enum MqttPublishOutcome
{
    /// <summary>QoS 0: written to the connection. QoS 1: acknowledged by the broker.</summary>
    Delivered,

    /// <summary>Accepted into the persistent offline queue; it will be delivered when the broker is reachable.</summary>
    Queued,
    NotConnected,

    /// <summary>The connection ended before the acknowledgement came.</summary>
    ConnectionLost,

    /// <summary>The broker answered with a failure reason code (v5), or the message is over its Maximum Packet Size.</summary>
    Refused,

    /// <summary>Pushed out of the pending list by newer messages, or too large for the queue.</summary>
    Dropped,
    Invalid,
    Cancelled,
    Stopped,
}
