namespace EdgeMx.Mqtt.Packets;

/// <summary>Quality of Service (MQTT 5.0 §4.3). The value 3 is malformed on the wire.</summary>
public enum MqttQos : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}
