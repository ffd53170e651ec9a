namespace EdgeMx.Mqtt.Client;

/// <summary>Raised when the offline queue dropped its oldest messages to make room.</summary>
/// <param name="Dropped">Dropped by this enqueue.</param>
/// <param name="DroppedTotal">Dropped over the queue's life.</param>
public readonly record struct MqttQueueOverflow(int Dropped, long DroppedTotal);
