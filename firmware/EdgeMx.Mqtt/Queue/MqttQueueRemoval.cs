namespace EdgeMx.Mqtt.Queue;

/// <summary>Why a message left the queue.</summary>
public enum MqttQueueRemoval : byte
{
    /// <summary>The broker acknowledged it (PUBACK), or it was sent at QoS 0.</summary>
    Delivered = 1,

    /// <summary>Dropped as the oldest to make room.</summary>
    Overflow = 2,

    /// <summary>Its Message Expiry Interval passed while it waited.</summary>
    Expired = 3,

    /// <summary>The broker refused it (a v5 PUBACK failure, or larger than the broker's Maximum Packet Size).</summary>
    Rejected = 4,
}
